package io.certworker.issuance.ca;

import io.certworker.issuance.Issuer;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.ecIssuer;
import static io.certworker.issuance.ca.CaTestKit.issue;
import static io.certworker.issuance.ca.SubjectAssertions.assertSubjectIsExactlyOneCommonName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever characters a username holds, its certificate's subject is exactly one CN with the username as value. */
class SubjectProperties {
    /** Characters that mean something in DN strings (RFC 4514, RFC 1779) or to BouncyCastle's name parsing. */
    private static final String DN_SPECIALS = ",+=\"\\<>;# \n\r\t\u0000/";

    private static Path store;
    private static Issuer issuer;

    @BeforeContainer
    static void createIssuer() throws IOException {
        store = Files.createTempDirectory("subject-properties");
        issuer = ecIssuer(store, clockAt(NOW));
    }

    @AfterContainer
    static void deleteStore() throws IOException {
        CaTestKit.deleteRecursively(store);
    }

    @Property(tries = 200)
    void theSubjectIsOneCommonNameWhoseValueIsTheUsername(@ForAll("usernames") String username) {
        assertSubjectIsExactlyOneCommonName(issue(issuer, username), username);
    }

    /** Arbitrary strings, and strings dense in DN metacharacters so that the interesting cases come up often. */
    @Provide
    Arbitrary<String> usernames() {
        Arbitrary<String> anything = Arbitraries.strings().ofMinLength(1).ofMaxLength(64);
        Arbitrary<String> dnLike = Arbitraries.strings().withChars(DN_SPECIALS).alpha().numeric().withChars("üǅ")
                .ofMinLength(1).ofMaxLength(64);
        return Arbitraries.oneOf(anything, dnLike);
    }
}
