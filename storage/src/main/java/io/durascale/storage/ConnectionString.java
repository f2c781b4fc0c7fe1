package io.durascale.storage;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An Azure Storage connection string, parsed just enough to name its endpoints and to print it
 * without its secrets.
 */
public final class ConnectionString {

    private static final Set<String> SECRET_KEYS = Set.of("accountkey", "sharedaccesssignature");

    /** The development account every Azurite accepts; its key is public (Microsoft's documentation). */
    static final String DEV_ACCOUNT = "devstoreaccount1";
    public static final String DEV_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private record Part(String name, String value) {}

    private final String raw;
    private final Map<String, Part> parts;

    private ConnectionString(String raw, Map<String, Part> parts) {
        this.raw = raw;
        this.parts = parts;
    }

    /**
     * Parses {@code key=value;key=value}. Values may contain '=' (account keys end with it).
     *
     * @throws IllegalArgumentException naming the malformed segment, never echoing a secret
     */
    public static ConnectionString parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException("the storage connection string is empty");
        }
        Map<String, Part> parts = new LinkedHashMap<>();
        for (String segment : raw.trim().split(";")) {
            if (segment.isBlank()) {
                continue;
            }
            int eq = segment.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(
                        "the storage connection string has a segment without 'name=value' (segment "
                                + (parts.size() + 1) + ")");
            }
            String name = segment.substring(0, eq).trim();
            parts.put(name.toLowerCase(Locale.ROOT), new Part(name, segment.substring(eq + 1).trim()));
        }
        if (parts.containsKey("usedevelopmentstorage")) {
            return forLocalEmulator("127.0.0.1", 10000, 10001, 10002);
        }
        boolean hasEndpoint = parts.containsKey("blobendpoint") || parts.containsKey("queueendpoint")
                || parts.containsKey("tableendpoint") || parts.containsKey("accountname");
        if (!hasEndpoint) {
            throw new IllegalArgumentException(
                    "the storage connection string names no account or endpoint (AccountName=... or BlobEndpoint=...)");
        }
        return new ConnectionString(raw.trim(), parts);
    }

    /** The connection string for an Azurite listening on the given loopback ports. */
    public static ConnectionString forLocalEmulator(String host, int blobPort, int queuePort, int tablePort) {
        String raw = "DefaultEndpointsProtocol=http;AccountName=" + DEV_ACCOUNT + ";AccountKey=" + DEV_KEY
                + ";BlobEndpoint=http://" + host + ":" + blobPort + "/" + DEV_ACCOUNT
                + ";QueueEndpoint=http://" + host + ":" + queuePort + "/" + DEV_ACCOUNT
                + ";TableEndpoint=http://" + host + ":" + tablePort + "/" + DEV_ACCOUNT + ";";
        return parse(raw);
    }

    /** The full string, secrets included: hand it to SDK clients, never to a log. */
    public String value() {
        return raw;
    }

    public Optional<String> accountName() {
        return Optional.ofNullable(get("accountname"));
    }

    public String blobEndpoint() {
        return endpoint("blob");
    }

    public String queueEndpoint() {
        return endpoint("queue");
    }

    public String tableEndpoint() {
        return endpoint("table");
    }

    /** True for the well-known development account, which only emulators accept. */
    public boolean isDevelopmentAccount() {
        return DEV_ACCOUNT.equals(get("accountname"));
    }

    private String endpoint(String service) {
        String explicit = get(service + "endpoint");
        if (explicit != null) {
            return explicit;
        }
        String account = get("accountname");
        if (account == null) {
            return "(no " + service + " endpoint)";
        }
        String protocol = Optional.ofNullable(get("defaultendpointsprotocol")).orElse("https");
        String suffix = Optional.ofNullable(get("endpointsuffix")).orElse("core.windows.net");
        return protocol + "://" + account + "." + service + "." + suffix;
    }

    /** The string with account keys and SAS tokens replaced by {@code ***}: safe for logs and reports. */
    public String redacted() {
        return parts.entrySet().stream()
                .map(e -> e.getValue().name() + "=" + (SECRET_KEYS.contains(e.getKey()) ? "***" : e.getValue().value()))
                .collect(Collectors.joining(";"));
    }

    /** Endpoints only, for "where is my storage" lines. */
    public String describeEndpoints() {
        return "blob " + blobEndpoint() + ", queue " + queueEndpoint() + ", table " + tableEndpoint();
    }

    private String get(String lowerName) {
        Part part = parts.get(lowerName);
        return part == null ? null : part.value();
    }

    @Override
    public String toString() {
        return redacted();
    }
}
