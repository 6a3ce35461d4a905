package io.bgtasks.internal;

import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.beans.BeanProperty;

import java.lang.reflect.Array;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a decoded argument is exactly what was added: same values, {@code BigDecimal} scale included,
 * strings code unit by code unit, collections element by element, records and beans property by property.
 * A type's own {@code equals} is trusted for what matters in it, except a record's, whose components are
 * compared here instead (a component without its own {@code equals} would otherwise compare by identity).
 */
final class ExactComparison {
    private static final ClassValue<Boolean> HAS_OWN_EQUALS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("equals", Object.class).getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    /**
     * Where and how a value changed on its way.
     *
     * @param path   where, e.g. {@code .items[0].price}, empty for the argument itself
     * @param detail what changed, or which state JSON could not see
     * @param hidden whether the cause is state JSON cannot see (fields without accessors)
     */
    record Mismatch(String path, String detail, boolean hidden) {
    }

    private ExactComparison() {
    }

    /**
     * @param added    the value as added
     * @param received the value as the worker decodes it
     * @return null when they are the same, else the first difference
     */
    static Mismatch compare(Object added, Object received) {
        return compare(added, received, "");
    }

    private static Mismatch compare(Object a, Object b, String path) {
        if (a == null || b == null) {
            return a == b ? null : differs(path, a, b);
        }
        if (a instanceof Optional<?> oa) {
            if (!(b instanceof Optional<?> ob) || oa.isPresent() != ob.isPresent()) {
                return differs(path, a, b);
            }
            return oa.isPresent() ? compare(oa.get(), ob.get(), path + ".get()") : null;
        }
        if (a instanceof List<?> la) {
            return b instanceof List<?> lb && la.size() == lb.size() ? elements(la.iterator(), lb.iterator(), path) : differs(path, a, b);
        }
        if (a instanceof Set<?> sa) {
            return b instanceof Set<?> sb && sa.size() == sb.size() ? members(sa, sb, path) : differs(path, a, b);
        }
        if (a instanceof Map<?, ?> ma) {
            return b instanceof Map<?, ?> mb && ma.size() == mb.size() ? entries(ma, mb, path) : differs(path, a, b);
        }
        if (a.getClass() != b.getClass()) {
            return differs(path, a, b);
        }
        if (a.getClass().isArray()) {
            return arrays(a, b, path);
        }
        Optional<? extends BeanIntrospection<?>> bean = introspection(a.getClass());
        if (a instanceof Record && bean.isPresent()) {
            return properties(bean.get(), a, b, path);
        }
        if (HAS_OWN_EQUALS.get(a.getClass())) {
            return a.equals(b) ? null : differs(path, a, b);
        }
        if (bean.isPresent()) {
            List<String> hidden = HiddenState.fields(a.getClass(), bean.get());
            if (!hidden.isEmpty()) {
                return new Mismatch(path, a.getClass().getName() + " has state JSON cannot see: field(s) "
                    + String.join(", ", hidden) + " have no accessors JSON can use, so they would arrive empty", true);
            }
            return properties(bean.get(), a, b, path);
        }
        return differs(path, a, b); // no equals, no properties: nothing says the copy is the same
    }

    private static Mismatch elements(Iterator<?> a, Iterator<?> b, String path) {
        for (int i = 0; a.hasNext(); i++) {
            Mismatch m = compare(a.next(), b.next(), path + "[" + i + "]");
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    /** Each member must have a counterpart; quadratic, fine for arguments. */
    private static Mismatch members(Set<?> a, Set<?> b, String path) {
        for (Object x : a) {
            if (b.stream().noneMatch(y -> compare(x, y, path) == null)) {
                return new Mismatch(path, "the member " + x + " does not arrive: " + a + " arrives as " + b, false);
            }
        }
        return null;
    }

    private static Mismatch entries(Map<?, ?> a, Map<?, ?> b, String path) {
        for (Map.Entry<?, ?> x : a.entrySet()) {
            Map.Entry<?, ?> y = b.entrySet().stream().filter(e -> compare(x.getKey(), e.getKey(), path) == null).findFirst().orElse(null);
            if (y == null) {
                return new Mismatch(path, "the key " + x.getKey() + " does not arrive: " + a + " arrives as " + b, false);
            }
            Mismatch m = compare(x.getValue(), y.getValue(), path + "[" + x.getKey() + "]");
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    private static Mismatch arrays(Object a, Object b, String path) {
        int n = Array.getLength(a);
        if (n != Array.getLength(b)) {
            return differs(path, a, b);
        }
        for (int i = 0; i < n; i++) {
            Mismatch m = compare(Array.get(a, i), Array.get(b, i), path + "[" + i + "]");
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Mismatch properties(BeanIntrospection bean, Object a, Object b, String path) {
        for (BeanProperty p : (Iterable<BeanProperty>) bean.getBeanProperties()) {
            if (!p.isWriteOnly()) {
                Mismatch m = compare(p.get(a), p.get(b), path + "." + p.getName());
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Optional<? extends BeanIntrospection<?>> introspection(Class<?> type) {
        return (Optional) BeanIntrospector.SHARED.findIntrospection(type);
    }

    private static Mismatch differs(String path, Object a, Object b) {
        return new Mismatch(path, show(a) + " arrives as " + show(b), false);
    }

    private static String show(Object v) {
        if (v == null) {
            return "null";
        }
        String text = v.getClass().isArray() ? "array of " + Array.getLength(v) : String.valueOf(v);
        if (v instanceof String s && !s.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            StringBuilder escaped = new StringBuilder();
            s.chars().forEach(c -> escaped.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04X", c)));
            text = escaped.toString();
        }
        text = text.length() <= 120 ? text : text.substring(0, 120) + "...";
        return v instanceof String ? '"' + text + '"' : text + " (" + v.getClass().getSimpleName() + ")";
    }
}
