/** The backend's health over HTTP, for readiness probes: {@code GET /bgtasks/health}. */
package io.bgtasks.health;
