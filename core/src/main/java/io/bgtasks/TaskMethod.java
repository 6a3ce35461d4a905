package io.bgtasks;

import java.io.Serializable;

/**
 * The shapes of method reference that {@link BackgroundTasks#addTask} accepts.
 *
 * <p>You never implement these: you pass a method reference such as {@code EmailTasks::sendWelcome}
 * and Java picks the shape. {@code OnBeanN} fits an instance method of a task bean referenced through
 * its class (the bean is resolved from the context when the task runs); {@code FnN} fits a static
 * method or a reference bound to a bean ({@code emailTasks::sendWelcome}). They are {@link Serializable}
 * only so that bgtasks can read the referenced method's name; task payloads themselves are JSON.
 */
public sealed interface TaskMethod extends Serializable {

    /** A static (or bound) task method without arguments. */
    @FunctionalInterface
    non-sealed interface Fn0 extends TaskMethod {
        /** @throws Exception whatever the task throws */
        void run() throws Exception;
    }

    /** A static (or bound) task method with one argument. @param <A> argument type */
    @FunctionalInterface
    non-sealed interface Fn1<A> extends TaskMethod {
        /** @param a argument @throws Exception whatever the task throws */
        void run(A a) throws Exception;
    }

    /**
     * A static (or bound) task method with two arguments.
     * @param <A> first
     * @param <B> second
     */
    @FunctionalInterface
    non-sealed interface Fn2<A, B> extends TaskMethod {
        /**
         * @param a first
         * @param b second
         * @throws Exception whatever the task throws
         */
        void run(A a, B b) throws Exception;
    }

    /**
     * A static (or bound) task method with three arguments.
     * @param <A> first
     * @param <B> second
     * @param <C> third
     */
    @FunctionalInterface
    non-sealed interface Fn3<A, B, C> extends TaskMethod {
        /**
         * @param a first
         * @param b second
         * @param c third
         * @throws Exception whatever the task throws
         */
        void run(A a, B b, C c) throws Exception;
    }

    /**
     * A static (or bound) task method with four arguments.
     * @param <A> 1st
     * @param <B> 2nd
     * @param <C> 3rd
     * @param <D> 4th
     */
    @FunctionalInterface
    non-sealed interface Fn4<A, B, C, D> extends TaskMethod {
        /**
         * @param a 1st
         * @param b 2nd
         * @param c 3rd
         * @param d 4th
         * @throws Exception whatever the task throws
         */
        void run(A a, B b, C c, D d) throws Exception;
    }

    /** An instance method of task bean {@code T} without arguments. @param <T> the task bean */
    @FunctionalInterface
    non-sealed interface OnBean0<T> extends TaskMethod {
        /** @param bean the task bean @throws Exception whatever the task throws */
        void run(T bean) throws Exception;
    }

    /**
     * An instance method of task bean {@code T} with one argument.
     * @param <T> bean
     * @param <A> argument
     */
    @FunctionalInterface
    non-sealed interface OnBean1<T, A> extends TaskMethod {
        /**
         * @param bean the task bean
         * @param a argument
         * @throws Exception whatever the task throws
         */
        void run(T bean, A a) throws Exception;
    }

    /**
     * An instance method of task bean {@code T} with two arguments.
     * @param <T> bean
     * @param <A> 1st
     * @param <B> 2nd
     */
    @FunctionalInterface
    non-sealed interface OnBean2<T, A, B> extends TaskMethod {
        /**
         * @param bean the task bean
         * @param a 1st
         * @param b 2nd
         * @throws Exception whatever the task throws
         */
        void run(T bean, A a, B b) throws Exception;
    }

    /**
     * An instance method of task bean {@code T} with three arguments.
     * @param <T> bean
     * @param <A> 1st
     * @param <B> 2nd
     * @param <C> 3rd
     */
    @FunctionalInterface
    non-sealed interface OnBean3<T, A, B, C> extends TaskMethod {
        /**
         * @param bean the task bean
         * @param a 1st
         * @param b 2nd
         * @param c 3rd
         * @throws Exception whatever the task throws
         */
        void run(T bean, A a, B b, C c) throws Exception;
    }

    /**
     * An instance method of task bean {@code T} with four arguments.
     * @param <T> bean
     * @param <A> 1st
     * @param <B> 2nd
     * @param <C> 3rd
     * @param <D> 4th
     */
    @FunctionalInterface
    non-sealed interface OnBean4<T, A, B, C, D> extends TaskMethod {
        /**
         * @param bean the task bean
         * @param a 1st
         * @param b 2nd
         * @param c 3rd
         * @param d 4th
         * @throws Exception whatever the task throws
         */
        void run(T bean, A a, B b, C c, D d) throws Exception;
    }
}
