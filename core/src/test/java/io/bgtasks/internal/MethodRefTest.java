package io.bgtasks.internal;

import io.bgtasks.TaskMethod;
import org.junit.jupiter.api.Test;

import java.lang.invoke.MethodHandleInfo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MethodRefTest {
    static class Target {
        public void send(String to) {
        }

        public static void ping() {
        }
    }

    @Test
    void readsUnboundBoundAndStaticReferences() {
        TaskMethod.OnBean1<Target, String> unbound = Target::send;
        MethodRef ref = MethodRef.of(unbound);
        assertEquals(Target.class.getName(), ref.implClass());
        assertEquals("send", ref.methodName());
        assertEquals("(Ljava/lang/String;)V", ref.descriptor());
        assertEquals(0, ref.captured());
        assertFalse(ref.isLambda());

        Target target = new Target();
        TaskMethod.Fn1<String> bound = target::send;
        assertEquals(1, MethodRef.of(bound).captured(), "the receiver is captured, never written anywhere");

        TaskMethod.Fn0 statik = Target::ping;
        assertEquals(MethodHandleInfo.REF_invokeStatic, MethodRef.of(statik).kind());
    }

    @Test
    void tellsLambdasAndOtherObjectsApart() {
        Object state = new Object(); // not serializable: capture must not try to write it
        TaskMethod.Fn0 lambda = () -> state.hashCode();
        MethodRef ref = MethodRef.of(lambda);
        assertTrue(ref.isLambda());
        assertEquals(1, ref.captured());
        assertNull(MethodRef.of(new TaskMethod.Fn0() {
            @Override
            public void run() {
            }
        }));
    }
}
