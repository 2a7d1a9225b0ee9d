package dev.shoplens.core.service;

import dev.shoplens.core.domain.ProductId;
import dev.shoplens.core.domain.ShopLensException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * Where the next page of a search starts: after the last product returned, in best-first order (its score,
 * then its id), and never one of the products already returned. The second rule is needed because the
 * approximate index may find a product's best image for one page and miss it for the next (a merge in
 * between changes the graph), so the same product can come back with a lower score; the cursor keeps a
 * 32-bit hash of each product returned so far (4 bytes each, at most {@link SearchService#MAX_DEPTH}). The
 * token is bound to the search it came from and checksummed, so a cursor that was edited or belongs to
 * another search is refused instead of silently paging something else. It carries nothing secret.
 *
 * @param returned    products returned on earlier pages
 * @param shown       the hashes of those products' ids
 * @param fingerprint what identifies the search (photo, box, filter, minScore, model)
 */
record SearchCursor(int returned, float lastScore, ProductId lastProduct, int[] shown, byte[] fingerprint) {
    private static final byte VERSION = 2;
    private static final int FINGERPRINT_BYTES = 12;
    private static final int CHECK_BYTES = 8;

    static byte[] fingerprint(String model, byte[]... parts) {
        MessageDigest sha = sha256();
        sha.update(model.getBytes(StandardCharsets.UTF_8));
        for (byte[] part : parts) {
            sha.update((byte) 0);
            sha.update(part);
        }
        return Arrays.copyOf(sha.digest(), FINGERPRINT_BYTES);
    }

    /**
     * A photo's stand-in in the fingerprint: its CRC-32C and length. The fingerprint only tells one search's
     * cursor from another's (the token's check value guards against tampering), and hashing a 3 MB phone photo
     * with SHA-256 cost a search 2 ms where CRC-32C, computed by the CPU's own instruction, costs 0.1 ms.
     */
    static byte[] photoDigest(byte[] photo) {
        CRC32C crc = new CRC32C();
        crc.update(photo);
        return ByteBuffer.allocate(12).putInt((int) crc.getValue()).putLong(photo.length).array();
    }

    String encode() {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeInt(returned);
            out.writeFloat(lastScore);
            out.writeUTF(lastProduct.value());
            out.writeShort(shown.length);
            for (int hash : shown) {
                out.writeInt(hash);
            }
            out.write(fingerprint);
            out.flush();
            byte[] payload = bytes.toByteArray();
            byte[] token = Arrays.copyOf(payload, payload.length + CHECK_BYTES);
            System.arraycopy(check(payload), 0, token, payload.length, CHECK_BYTES);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hash a product is remembered by. String's hash is specified, so every instance computes the same. */
    static int hashOf(ProductId product) {
        return product.value().hashCode();
    }

    /** Whether this product was returned on an earlier page (a 32-bit hash: a false match is about 1 in 10^7). */
    boolean shows(ProductId product) {
        int hash = hashOf(product);
        for (int h : shown) {
            if (h == hash) {
                return true;
            }
        }
        return false;
    }

    /** Reads a cursor, refusing one that was altered or that another search gave. */
    static SearchCursor decode(String token, byte[] expectedFingerprint) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token.strip());
        } catch (IllegalArgumentException e) {
            throw tampered();
        }
        if (raw.length <= CHECK_BYTES) {
            throw tampered();
        }
        byte[] payload = Arrays.copyOf(raw, raw.length - CHECK_BYTES);
        if (!MessageDigest.isEqual(check(payload), Arrays.copyOfRange(raw, payload.length, raw.length))) {
            throw tampered();
        }
        SearchCursor cursor;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != VERSION) {
                throw tampered();
            }
            int returned = in.readInt();
            float score = in.readFloat();
            ProductId last = ProductId.of(in.readUTF());
            int[] shown = new int[in.readUnsignedShort()];
            for (int i = 0; i < shown.length; i++) {
                shown[i] = in.readInt();
            }
            byte[] fingerprint = in.readNBytes(FINGERPRINT_BYTES);
            if (returned < 1 || shown.length != returned || fingerprint.length != FINGERPRINT_BYTES
                    || in.available() != 0) {
                throw tampered();
            }
            cursor = new SearchCursor(returned, score, last, shown, fingerprint);
        } catch (IOException | ShopLensException e) {
            throw tampered();
        }
        if (!MessageDigest.isEqual(cursor.fingerprint, expectedFingerprint)) {
            throw ShopLensException.invalid("the cursor belongs to another search: send the same photo, box, filter "
                    + "and minScore as the first page, or start again without a cursor");
        }
        return cursor;
    }

    private static byte[] check(byte[] payload) {
        MessageDigest sha = sha256();
        sha.update("shoplens-cursor".getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(sha.digest(payload), CHECK_BYTES);
    }

    private static ShopLensException tampered() {
        return ShopLensException.invalid("the cursor is not one this service gave out (it was cut or altered): pass "
                + "nextCursor from the previous page unchanged, or start again without a cursor");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
