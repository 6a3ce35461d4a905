/**
 * Application events about background tasks, published through Micronaut's {@code ApplicationEventPublisher} on every
 * backend, so that an alert needs no polling: listen with {@code @EventListener} (add {@code @Async} for anything
 * slow: listeners run on the thread that ran the task).
 */
package io.bgtasks.events;
