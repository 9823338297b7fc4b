/**
 * What a control plane creates on its own (spec/core.md §1.5–1.6): the mesh {@code default} at
 * first start (leader only), and with every new mesh its default policies and its dataplane-token
 * signing key. Everything is created only if absent, so running it again (after a restart, on
 * another instance) changes nothing. Runs on the caller's thread: the leader-jobs executor for the
 * default mesh, the writing thread for meshes created through the API.
 */
package io.portico.cp.defaults;
