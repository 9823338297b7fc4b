/** Running our programs and their peers as real processes for end-to-end tests. */
package io.portico.it.support;
