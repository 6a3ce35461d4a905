/**
 * Keyset pagination of the listings (recently finished tasks, dead letters): a page carries an opaque cursor to the
 * next one instead of an offset, so a deep page costs what the first one does.
 */
package io.bgtasks.paging;
