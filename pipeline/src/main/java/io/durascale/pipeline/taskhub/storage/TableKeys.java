package io.durascale.pipeline.taskhub.storage;

/**
 * Instance ids as table keys, escaped the way the Azure Storage provider escapes them
 * (KeySanitation): table keys may not contain {@code / \ # ?} or control characters. The
 * escape is prefix-preserving, so an instance-id prefix query becomes a key-range query.
 */
public final class TableKeys {

    private TableKeys() {
    }

    public static String escape(String instanceId) {
        StringBuilder out = new StringBuilder(instanceId.length() + 8);
        for (int i = 0; i < instanceId.length(); i++) {
            char c = instanceId.charAt(i);
            switch (c) {
                case '^' -> out.append("^^");
                case '/' -> out.append("^0");
                case '\\' -> out.append("^1");
                case '#' -> out.append("^2");
                case '?' -> out.append("^3");
                default -> {
                    if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
                        out.append('^').append((char) (0xC0 + c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    public static String unescape(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c != '^' || i + 1 == key.length()) {
                out.append(c);
                continue;
            }
            char next = key.charAt(++i);
            switch (next) {
                case '^' -> out.append('^');
                case '0' -> out.append('/');
                case '1' -> out.append('\\');
                case '2' -> out.append('#');
                case '3' -> out.append('?');
                default -> out.append((char) (next - 0xC0));
            }
        }
        return out.toString();
    }
}
