package io.durascale.pipeline.taskhub.model;

/**
 * Why a task or orchestration failed (DurableTask.Core's {@code FailureDetails}), with the
 * failure that caused it, if any.
 *
 * @param stackTrace   null when the worker sent none
 * @param innerFailure the cause; null when there is none
 * @param nonRetriable the worker says a retry cannot help
 */
public record FailureDetails(String errorType, String errorMessage, String stackTrace, FailureDetails innerFailure,
                             boolean nonRetriable) {

    /** A failure the task hub itself reports, without stack or cause. */
    public static FailureDetails of(String errorType, String errorMessage, boolean nonRetriable) {
        return new FailureDetails(errorType, errorMessage, null, null, nonRetriable);
    }
}
