package io.durascale.run;

/** Whether one contract file of a run directory could be read, and if not, why. */
public record FileStatus(RunFile file, State state, String detail) {

    public enum State { PRESENT, MISSING, UNREADABLE }

    public static FileStatus present(RunFile file, String detail) {
        return new FileStatus(file, State.PRESENT, detail);
    }

    public static FileStatus missing(RunFile file) {
        return new FileStatus(file, State.MISSING, "not in this run directory (written by " + file.writtenBy() + ")");
    }

    public static FileStatus unreadable(RunFile file, String reason) {
        return new FileStatus(file, State.UNREADABLE, reason);
    }

    public boolean isPresent() {
        return state == State.PRESENT;
    }
}
