/**
 * The Atlas issuer: each valid request becomes one call to Atlas's Admin API v2
 * ({@code POST /api/atlas/v2/groups/{groupId}/databaseUsers/{username}/certs}), authenticated with a service account
 * (OAuth2 client credentials) or an API key pair (HTTP Digest), retried politely when Atlas says so, and mirrored:
 * a 201 becomes an issued certificate, any Atlas error becomes its own envelope, unchanged.
 */
package io.certworker.issuance.atlas;
