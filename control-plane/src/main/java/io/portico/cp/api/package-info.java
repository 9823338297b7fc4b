/**
 * The REST API of the control plane, compatible with Kuma 2.0 (spec/core.md §5): resource CRUD by
 * REST plural, lists with pagination, the index, {@code /config}, {@code /policies} and user-token
 * issuance, over HTTP and HTTPS (Javalin on Jetty, see docs/adr/0001-rest-framework.md).
 *
 * <pre>
 *  request ─▶ before: authenticate (401) ─▶ route ─▶ resource type by plural (404)
 *          ─▶ access rules (403) ─▶ body: Content-Type (415), size (413), parse (400)
 *          ─▶ URL/body match (400) ─▶ ResourceManager: validate (400), mesh (400), write
 *  any failure ─▶ ApiFailures.map ─▶ {title, details, causes} with its status (one place)
 * </pre>
 *
 * <p>Handlers run on Jetty's request threads and call the store synchronously; they keep no state.
 */
package io.portico.cp.api;
