package io.certworker.issuance.ca.pkcs11;

import java.io.IOException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The few PKCS#11 calls the JCA does not offer, made through the JDK's own wrapper ({@code sun.security.pkcs11.wrapper}
 * of {@code jdk.crypto.cryptoki}, the code SunPKCS11 itself calls): the slots and their token labels, a key's
 * attributes, and initialising the library again after the token went away. Reached by reflection, because the JDK
 * exports that package to nobody: the JVM needs {@code --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=
 * ALL-UNNAMED}, which {@code java -jar cert-worker.jar} takes from the jar's manifest ({@link #EXPORT_OPTION}).
 *
 * <p>One instance is one initialisation of the library. {@code PKCS11.getInstance} initialises a library once per
 * path string and caches it; after {@link #finish()} (C_Finalize) another path to the same file gets a freshly
 * initialised library, which is how {@link #reinitialised} works.
 */
final class Pkcs11Module {
    static final String EXPORT_OPTION = "--add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";
    private static final String WRAPPER = "sun.security.pkcs11.wrapper.";
    // PKCS#11 constants (pkcs11t.h)
    private static final long CKF_OS_LOCKING_OK = 0x2L;
    private static final long CKF_SERIAL_SESSION = 0x4L;
    private static final long CKF_RW_SESSION = 0x2L;
    private static final long CKA_CLASS = 0x0L;
    private static final long CKA_LABEL = 0x3L;
    private static final long CKO_CERTIFICATE = 0x1L;
    private static final long CKA_ID = 0x102L;
    private static final long CKA_SENSITIVE = 0x103L;
    private static final long CKA_EXTRACTABLE = 0x162L;
    private static final long CKA_NEVER_EXTRACTABLE = 0x164L;
    private static final long CKA_ALWAYS_SENSITIVE = 0x165L;
    private static final long CKO_PRIVATE_KEY = 0x3L;

    private final String library;
    private final String path;
    private final int generation;
    private final Object p11;

    private Pkcs11Module(String library, String path, int generation, Object p11) {
        this.library = library;
        this.path = path;
        this.generation = generation;
        this.p11 = p11;
    }

    /** A token's slot and label. */
    record Slot(long id, String label) {
    }

    /** The attributes of a private key that say whether it can leave the token. */
    record KeyProtection(boolean sensitive, boolean extractable, boolean alwaysSensitive, boolean neverExtractable) {
    }

    /**
     * The library at {@code library}, initialised.
     *
     * @throws IllegalStateException when the wrapper is not exported to this code, or the library cannot be loaded
     */
    static Pkcs11Module load(String library) {
        return load(library, library, 0);
    }

    private static Pkcs11Module load(String library, String path, int generation) {
        try {
            Object args = wrapperClass("CK_C_INITIALIZE_ARGS").getConstructor().newInstance();
            args.getClass().getField("flags").setLong(args, CKF_OS_LOCKING_OK);
            Method getInstance = wrapperClass("PKCS11").getMethod("getInstance", String.class, String.class,
                    args.getClass(), boolean.class);
            return new Pkcs11Module(library, path, generation, getInstance.invoke(null, path, "C_GetFunctionList", args,
                    false));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot load the PKCS#11 library " + library + ": "
                    + describe(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw notExported(e);
        }
    }

    /** The path SunPKCS11 must be configured with to share this initialisation of the library. */
    String path() {
        return path;
    }

    /** The slots that hold a token, with their tokens' labels. */
    List<Slot> slots() throws Pkcs11Failure {
        long[] ids = (long[]) call("C_GetSlotList", new Class<?>[] {boolean.class}, true);
        List<Slot> slots = new ArrayList<>();
        for (long id : ids) {
            Object info = call("C_GetTokenInfo", new Class<?>[] {long.class}, id);
            slots.add(new Slot(id, new String((char[]) field(info, "label")).trim()));
        }
        return slots;
    }

    /**
     * The protection attributes of the private key of the key entry {@code label}: the JDK's PKCS#11 keystore pairs
     * a key with the certificate of the same CKA_ID and names the entry by the certificate's CKA_LABEL. Read in a
     * session of its own (the login of the provider's sessions applies to it).
     *
     * @return null when the token holds no such entry
     */
    KeyProtection protection(long slot, String label) throws Pkcs11Failure {
        long session = (long) call("C_OpenSession", new Class<?>[] {long.class, long.class, Object.class,
                wrapperClassUnchecked("CK_NOTIFY")}, slot, CKF_SERIAL_SESSION, null, null);
        try {
            long[] certificates = find(session, attribute(CKA_CLASS, CKO_CERTIFICATE),
                    attribute(CKA_LABEL, label.getBytes(StandardCharsets.UTF_8)));
            if (certificates.length == 0) {
                return null;
            }
            Object[] id = attributes(1);
            id[0] = attribute(CKA_ID);
            call("C_GetAttributeValue", new Class<?>[] {long.class, long.class, id.getClass()}, session,
                    certificates[0], id);
            long[] keys = find(session, attribute(CKA_CLASS, CKO_PRIVATE_KEY), attribute(CKA_ID, bytes(id[0])));
            if (keys.length == 0) {
                return null;
            }
            Object[] values = attributes(4);
            values[0] = attribute(CKA_SENSITIVE);
            values[1] = attribute(CKA_EXTRACTABLE);
            values[2] = attribute(CKA_ALWAYS_SENSITIVE);
            values[3] = attribute(CKA_NEVER_EXTRACTABLE);
            call("C_GetAttributeValue", new Class<?>[] {long.class, long.class, values.getClass()}, session,
                    keys[0], values);
            return new KeyProtection(bool(values[0]), bool(values[1]), bool(values[2]), bool(values[3]));
        } finally {
            call("C_CloseSession", new Class<?>[] {long.class}, session);
        }
    }

    /**
     * Destroys the private key and the certificate whose CKA_ID is {@code id} (an entry the worker made: both carry
     * its label as CKA_ID), and nothing else: the JDK keystore's deleteEntry also destroys the CA certificates of the
     * entry's chain, the root's among them.
     *
     * @return how many objects were destroyed
     */
    int destroy(long slot, String id) throws Pkcs11Failure {
        long session = (long) call("C_OpenSession", new Class<?>[] {long.class, long.class, Object.class,
                wrapperClassUnchecked("CK_NOTIFY")}, slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, null, null);
        try {
            int destroyed = 0;
            for (long objectClass : new long[] {CKO_PRIVATE_KEY, CKO_CERTIFICATE}) {
                for (long handle : find(session, attribute(CKA_CLASS, objectClass),
                        attribute(CKA_ID, id.getBytes(StandardCharsets.UTF_8)))) {
                    call("C_DestroyObject", new Class<?>[] {long.class, long.class}, session, handle);
                    destroyed++;
                }
            }
            return destroyed;
        } finally {
            call("C_CloseSession", new Class<?>[] {long.class}, session);
        }
    }

    private long[] find(long session, Object... template) throws Pkcs11Failure {
        Object[] attributes = attributes(template.length);
        System.arraycopy(template, 0, attributes, 0, template.length);
        call("C_FindObjectsInit", new Class<?>[] {long.class, attributes.getClass()}, session, attributes);
        try {
            return (long[]) call("C_FindObjects", new Class<?>[] {long.class, long.class}, session, 2L);
        } finally {
            call("C_FindObjectsFinal", new Class<?>[] {long.class}, session);
        }
    }

    /**
     * Finalises this initialisation of the library (every session and login of it ends) and initialises the library
     * again: what a library that lost its token (a network HSM that went away, a token store that vanished) needs
     * before it can see the token again. The new initialisation goes through a symbolic link of its own in
     * {@code links}: the same loaded library, under a path the JDK has not initialised yet.
     */
    Pkcs11Module reinitialised(Path links) {
        finish();
        int next = generation + 1;
        Path target = Path.of(library).toAbsolutePath();
        try {
            Path link = Files.createSymbolicLink(links.resolve(next + "-" + target.getFileName()), target);
            return load(library, link.toString(), next);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("cannot initialise " + library + " again: " + e, e);
        }
    }

    /** C_Finalize, ignoring a library that is already finalised or broken. */
    void finish() {
        try {
            call("C_Finalize", new Class<?>[] {Object.class}, (Object) null);
        } catch (Pkcs11Failure e) {
            // the library is unusable either way; the next initialisation starts afresh
        }
    }

    private Object call(String name, Class<?>[] types, Object... args) throws Pkcs11Failure {
        try {
            return p11.getClass().getMethod(name, types).invoke(p11, args);
        } catch (InvocationTargetException e) {
            throw new Pkcs11Failure(describe(e.getCause()), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw notExported(e);
        }
    }

    private static Object[] attributes(int length) {
        return (Object[]) Array.newInstance(wrapperClassUnchecked("CK_ATTRIBUTE"), length);
    }

    private static Object attribute(long type, Object... value) {
        try {
            Class<?> attribute = wrapperClass("CK_ATTRIBUTE");
            if (value.length == 0) {
                return attribute.getConstructor(long.class).newInstance(type);
            }
            Object v = value[0];
            Constructor<?> constructor = v instanceof Long
                    ? attribute.getConstructor(long.class, long.class)
                    : attribute.getConstructor(long.class, Object.class);
            return constructor.newInstance(type, v);
        } catch (ReflectiveOperationException e) {
            throw notExported(e);
        }
    }

    private static boolean bool(Object attribute) {
        try {
            return (boolean) attribute.getClass().getMethod("getBoolean").invoke(attribute);
        } catch (ReflectiveOperationException e) {
            throw notExported(e);
        }
    }

    private static byte[] bytes(Object attribute) {
        try {
            return (byte[]) attribute.getClass().getMethod("getByteArray").invoke(attribute);
        } catch (ReflectiveOperationException e) {
            throw notExported(e);
        }
    }

    private static Object field(Object object, String name) {
        try {
            return object.getClass().getField(name).get(object);
        } catch (ReflectiveOperationException e) {
            throw notExported(e);
        }
    }

    /** The PKCS#11 error name ({@code CKR_PIN_INCORRECT}...) of a failure of the wrapper, or its message. */
    static String describe(Throwable failure) {
        String message = failure == null ? null : failure.getMessage();
        return message == null ? String.valueOf(failure) : message;
    }

    private static Class<?> wrapperClass(String name) throws ClassNotFoundException {
        return Class.forName(WRAPPER + name, true, ClassLoader.getSystemClassLoader());
    }

    private static Class<?> wrapperClassUnchecked(String name) {
        try {
            return wrapperClass(name);
        } catch (ClassNotFoundException e) {
            throw notExported(e);
        }
    }

    private static IllegalStateException notExported(Exception e) {
        return new IllegalStateException("ca.key.store=pkcs11 needs the JDK's PKCS#11 wrapper, which this JVM does not "
                + "export: start it with " + EXPORT_OPTION + " (java -jar cert-worker.jar does so from its manifest)"
                + " [" + e + "]", e);
    }

    /** A PKCS#11 call that the library answered with an error (the message is its CKR_ name). */
    static final class Pkcs11Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Pkcs11Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
