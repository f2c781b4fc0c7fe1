package io.durascale.simulator.cli;

import io.durascale.simulator.profile.Profile;
import java.util.List;

/** {@code --set key=value} and {@code --sweep key=v1,v2}: the one place their text is split. */
final class ProfileOptions {

    private ProfileOptions() {
    }

    /** A {@code key=value} pair. */
    record Assignment(String key, String value) {
        static Assignment parse(String text, String flag) {
            int eq = text.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(flag + " '" + text + "' must be key=value, e.g. " + flag
                        + " maxReplicas=50");
            }
            return new Assignment(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
        }
    }

    static Profile apply(Profile profile, List<String> assignments, String flag) {
        Profile p = profile;
        for (String text : assignments) {
            Assignment a = Assignment.parse(text, flag);
            try {
                p = p.with(a.key(), a.value(), flag + " " + a.key() + "=" + a.value());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(flag + " " + text + ": " + e.getMessage(), e);
            }
        }
        return p;
    }
}
