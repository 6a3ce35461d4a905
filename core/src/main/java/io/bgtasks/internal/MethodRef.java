package io.bgtasks.internal;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;

/**
 * What a method reference points at, read from its {@link SerializedLambda}. Only the serialized form is
 * inspected (through {@code replaceObject}, no {@code setAccessible}); nothing is ever deserialized.
 *
 * @param implClass  the class declaring the target method, binary name
 * @param methodName the target method's name ({@code lambda$...} for a lambda body)
 * @param descriptor the target method's JVM descriptor
 * @param kind       {@link MethodHandleInfo} reference kind (static, virtual, constructor...)
 * @param captured   number of captured values (the receiver of a bound reference, a lambda's state)
 * @param instantiatedType the functional interface's descriptor with its type arguments filled in
 */
record MethodRef(String implClass, String methodName, String descriptor, int kind, int captured, String instantiatedType) {

    /** @return whether the compiler generated the target: a lambda, not a method reference */
    boolean isLambda() {
        return methodName.startsWith("lambda$");
    }

    /** @return whether this is a constructor reference ({@code Foo::new}) */
    boolean isConstructor() {
        return kind == MethodHandleInfo.REF_newInvokeSpecial;
    }

    /** @return {@code Class#method} as written by the user */
    String display() {
        return implClass.substring(implClass.lastIndexOf('.') + 1) + "::" + methodName;
    }

    /**
     * Reads the target of a method reference or lambda.
     *
     * @param fn a serializable functional object
     * @return the target, or null when {@code fn} is not a lambda or method reference (e.g. an anonymous class)
     */
    static MethodRef of(Object fn) {
        try (Capture capture = new Capture()) {
            capture.writeObject(fn);
            SerializedLambda lambda = capture.found;
            if (lambda == null) {
                return null;
            }
            return new MethodRef(lambda.getImplClass().replace('/', '.'), lambda.getImplMethodName(),
                lambda.getImplMethodSignature(), lambda.getImplMethodKind(), lambda.getCapturedArgCount(),
                lambda.getInstantiatedMethodType());
        } catch (IOException e) {
            return null;
        }
    }

    /** Stops at the first replaced object: the lambda's serialized form, captured values never written. */
    private static final class Capture extends ObjectOutputStream {
        private SerializedLambda found;
        private boolean first = true;

        Capture() throws IOException {
            super(OutputStream.nullOutputStream());
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            if (first) {
                first = false;
                if (obj instanceof SerializedLambda lambda) {
                    found = lambda;
                }
            }
            return null;
        }
    }
}
