package io.certworker.issuance.ca;

import io.certworker.issuance.Issuer;
import static io.certworker.issuance.ca.CaTestKit.NOW;
import static io.certworker.issuance.ca.CaTestKit.clockAt;
import static io.certworker.issuance.ca.CaTestKit.ecIssuer;
import static io.certworker.issuance.ca.CaTestKit.issue;
import static io.certworker.issuance.ca.SubjectAssertions.assertSubjectIsExactlyOneCommonName;
import static org.assertj.core.api.Assertions.assertThat;

import io.certworker.issuance.IssuedCertificate;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A username is one CN value, whatever it holds: it can never add attributes or RDNs to the subject. */
class SubjectInjectionTest {
    @TempDir
    static Path dir;
    private static Issuer issuer;

    @BeforeAll
    static void createIssuer() {
        issuer = ecIssuer(dir, clockAt(NOW));
    }

    static Stream<Named<String>> hostileUsernames() {
        return Stream.of(
                Named.of("comma then another attribute", "eve,O=Evil"),
                Named.of("plus making a multi-valued RDN", "alice+OU=admins"),
                Named.of("a whole DN", "CN=root"),
                Named.of("a DN with several RDNs", "CN=admin,OU=Atlas,O=MongoDB Inc"),
                Named.of("backslash and quote", "a\\\"b"),
                Named.of("quoted value", "\"quoted\""),
                Named.of("newline then an attribute", "x\nO=Evil"),
                Named.of("carriage return and tab", "x\r\tO=Evil"),
                Named.of("semicolon separator (RFC 1779)", "eve;O=Evil"),
                Named.of("angle brackets", "<eve>"),
                Named.of("leading and trailing spaces", "  eve  "),
                Named.of("a hash inside", "eve#1"),
                Named.of("a backslash inside", "domain\\eve"),
                Named.of("NUL inside", "eve\u0000admin"),
                Named.of("unicode title case and umlaut", "ǅürgen"),
                Named.of("characters outside the BMP", "👩‍💻 dev"),
                Named.of("right-to-left override", "eve\u202Enimda"),
                Named.of("1024 printable characters", "a".repeat(1024)),
                Named.of("1024 characters with separators", "x,O=Evil+".repeat(113) + "x,O=Evi"),
                Named.of("64 unicode characters", "ü".repeat(64)),
                Named.of("65 unicode characters", "ü".repeat(65)),
                Named.of("1024 unicode characters", "ü".repeat(1024)),
                Named.of("a leading hash that reads as hex DER", "#130561646d696e"),
                Named.of("a hash alone", "#"),
                Named.of("a leading hash that is not hex", "#zz"),
                Named.of("a leading backslash", "\\admin"),
                Named.of("a backslash alone", "\\"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileUsernames")
    void theSubjectIsOneRdnWithOneCommonNameEqualToTheUsername(String username) {
        IssuedCertificate issued = issue(issuer, username);

        assertSubjectIsExactlyOneCommonName(issued, username);
    }

    @Test
    void theLongUsernamesReallyAre1024CharactersLong() {
        assertThat(hostileUsernames().map(Named::getPayload).filter(name -> name.length() == 1024)).hasSize(3);
    }

    @Test
    void aPrintableUsernameIsAPrintableStringAndAnyOtherIsUtf8() {
        assertThat(SubjectAssertions.isPrintableString("eve,O=Evil")).isTrue();
        assertThat(SubjectAssertions.isPrintableString("a\\\"b")).isFalse();
        assertThat(SubjectAssertions.isPrintableString("ǅürgen")).isFalse();
        assertSubjectIsExactlyOneCommonName(issue(issuer, "eve,O=Evil"), "eve,O=Evil");
        assertSubjectIsExactlyOneCommonName(issue(issuer, "ǅürgen"), "ǅürgen");
    }

    @Test
    void theSubjectTextEscapesSeparatorsAsRfc4514Asks() {
        assertThat(issue(issuer, "eve,O=Evil").subject()).isEqualTo("CN=eve\\,O\\=Evil");
        assertThat(issue(issuer, "alice+OU=admins").subject()).isEqualTo("CN=alice\\+OU\\=admins");
    }
}
