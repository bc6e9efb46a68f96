package dev.cinnabar.protocol;

import java.nio.charset.StandardCharsets;

/** ASCII helpers for command names and option words, which Redis matches case-insensitively. */
public final class Ascii {

    private Ascii() {
    }

    public static byte toLower(byte b) {
        return (b >= 'A' && b <= 'Z') ? (byte) (b + 32) : b;
    }

    public static boolean equalsIgnoreCase(byte[] bytes, String lowerCaseWord) {
        int length = lowerCaseWord.length();
        if (bytes.length != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (toLower(bytes[i]) != lowerCaseWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public static String lowerCase(byte[] bytes) {
        byte[] copy = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            copy[i] = toLower(bytes[i]);
        }
        return new String(copy, StandardCharsets.ISO_8859_1);
    }

    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
