package io.bgtasks.internal;

import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.type.Argument;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields of a class that JSON cannot carry: no property reads and writes them (no getter, a write-only
 * setter, or {@code transient}). Such a field arrives empty, and a class without its own {@code equals} gives
 * bgtasks no other way to tell whether it mattered. Only field names are read, never their values.
 */
final class HiddenState {
    private HiddenState() {
    }

    /**
     * @param type a class with a bean introspection ({@code @Serdeable})
     * @param bean its introspection
     * @return the names of its fields, inherited ones included, that JSON does not carry both ways
     */
    static List<String> fields(Class<?> type, BeanIntrospection<?> bean) {
        Set<String> carried = new HashSet<>();
        Set<String> constructed = new HashSet<>();
        for (Argument<?> arg : bean.getConstructorArguments()) {
            constructed.add(arg.getName());
        }
        for (BeanProperty<?, ?> p : bean.getBeanProperties()) {
            if (!p.isWriteOnly() && (!p.isReadOnly() || constructed.contains(p.getName()))) {
                carried.add(p.getName());
            }
        }
        List<String> hidden = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class && !c.getName().startsWith("java."); c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !f.isSynthetic() && !carried.contains(f.getName())) {
                    hidden.add(f.getName());
                }
            }
        }
        return hidden;
    }
}
