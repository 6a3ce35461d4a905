/**
 * The Redis backend (durable, at-least-once, on Jedis): not built yet, see the project's issues.
 */
package io.bgtasks.redis;
