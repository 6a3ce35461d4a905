/**
 * bgtasks: FastAPI-style background tasks for Micronaut.
 */
package io.bgtasks;
