package dev.shoplens.core.domain;

/** Entity tags as stores and events write them: S3 quotes them in its API and not in its events. */
public final class ETags {
    private ETags() {
    }

    public static boolean same(String a, String b) {
        return a != null && b != null && plain(a).equals(plain(b));
    }

    public static String plain(String eTag) {
        return eTag == null ? null : eTag.replace("\"", "");
    }
}
