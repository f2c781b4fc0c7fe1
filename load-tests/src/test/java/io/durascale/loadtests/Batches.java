package io.durascale.loadtests;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The building blocks every simulation shares: one batch (start an orchestration, poll its status
 * URI until it is terminal, check the result), the idle wait until the workers reach zero, the
 * partition-sweep step switch, and the assertions from the gates file. Each chain is given the
 * simulation's {@link LoadRun}; URLs are computed per request from its target, because the embedded
 * stack picks free ports and a sweep restarts it.
 */
final class Batches {

    /** Gatling's group around one orchestration: its duration is the end-to-end time. */
    static final String GROUP = "orchestration";
    private static final Set<String> TERMINAL = Set.of("Completed", "Failed", "Terminated", "Canceled");

    private Batches() {
    }

    static HttpProtocolBuilder protocol() {
        return http.acceptHeader("application/json").userAgentHeader("durascale-load-tests")
                .shareConnections();
    }

    /** One batch of {@code blocks} blocks, from the start request to its verified result. */
    static ChainBuilder batch(LoadRun run, int blocks) {
        LoadSettings s = run.settings();
        return group(GROUP).on(
                exec(session -> session.set("requestedAt", System.currentTimeMillis()).set("runtimeStatus", "Pending"))
                .exec(http("start " + s.orchestrator())
                        .post(session -> run.target().baseUrl() + "/api/orchestrators/" + s.orchestrator())
                        .queryParam("inputCount", blocks).queryParam("blockSize", s.blockSize())
                        .queryParam("kernel", s.kernel()).queryParam("seed", s.seed())
                        .header("x-functions-key", session -> run.target().hostKey())
                        .check(status().is(202), jsonPath("$.id").saveAs("id"),
                                jsonPath("$.statusQueryGetUri").saveAs("statusUri")))
                .exitHereIfFailed()
                .exec(session -> {
                    run.ledger().started(session.getString("id"), session.getLong("requestedAt"));
                    return session;
                })
                .asLongAs(session -> !TERMINAL.contains(session.getString("runtimeStatus"))
                        && elapsed(session) < s.timeout().toMillis()).on(
                        pause(s.pollInterval())
                        .exec(http("status").get("#{statusUri}").queryParam("showInput", "false")
                                .check(status().in(200, 202), jsonPath("$.runtimeStatus").saveAs("runtimeStatus"),
                                        jsonPath("$.output.blocks").ofInt().optional().saveAs("blocks"))))
                .exec(session -> {
                    String status = session.getString("runtimeStatus");
                    int seen = session.contains("blocks") ? session.getInt("blocks") : 0;
                    run.ledger().finished(session.getString("id"), TERMINAL.contains(status) ? status : "TimedOut",
                            System.currentTimeMillis(), seen);
                    return session;
                })
                // The verdict Gatling counts: Completed, with no failed blocks, within the timeout.
                .exec(http("result").get("#{statusUri}").queryParam("showInput", "false")
                        .check(status().is(200), jsonPath("$.runtimeStatus").is("Completed"),
                                jsonPath("$.output.failed[*]").count().is(0))));
    }

    private static long elapsed(Session session) {
        return System.currentTimeMillis() - session.getLong("requestedAt");
    }

    /**
     * One user that marks the idle phase and waits until no worker pod and no orchestration host is left (or the idle
     * timeout): with the orchestration tier scaled, its time back to zero is part of what the idle phase measures.
     */
    static ScenarioBuilder idleUntilZero(LoadRun run) {
        LoadSettings s = run.settings();
        return scenario("idle until zero replicas")
                .exec(session -> {
                    run.marker("idle-start");
                    return session.set("idleFrom", System.currentTimeMillis());
                })
                .asLongAs(session -> (run.replicas() > 0 || run.orchestrationReplicas() > 0)
                        && System.currentTimeMillis() - session.getLong("idleFrom") < s.idleTimeout().toMillis())
                .on(pause(Duration.ofMillis(500)))
                .exec(session -> {
                    int left = run.replicas();
                    int hosts = run.orchestrationReplicas();
                    run.marker(left == 0 && hosts == 0 ? "zero-replicas" : left < 0 ? "idle-end-unobserved" : "idle-timeout");
                    if (left > 0 || hosts > 0) {
                        System.out.println("  idle: " + left + " worker pod(s) and " + hosts + " orchestration host(s) still "
                                + "up after " + s.idleTimeout().toSeconds() + " s (-DidleTimeout); scale to zero not reached");
                    }
                    return session;
                });
    }

    /** One user that switches the target to the next partition count and waits until it is ready. */
    static ScenarioBuilder switchTo(LoadRun run, int partitions) {
        return scenario("switch to " + partitions + " partition(s)")
                .exec(session -> {
                    run.sweep().begin(partitions);
                    return session;
                })
                .asLongAs(session -> !run.sweep().ready()).on(pause(Duration.ofMillis(200)));
    }

    /**
     * The last scenario of every simulation: one request whose check is the verdict of the gates
     * Gatling cannot assert itself (its group assertions use cumulated response time, not the
     * end-to-end duration), evaluated on the run's own end-to-end histogram. A breach makes this
     * request KO with the reason, and the failed-requests assertion fails the Maven build.
     */
    static ScenarioBuilder gates(LoadRun run, LoadGates gates) {
        return scenario("gates")
                .exec(http("gates").get(session -> run.target().baseUrl() + "/runtime/webhooks/durabletask/instances")
                        .queryParam("top", 1)
                        .header("x-functions-key", session -> run.target().hostKey())
                        .check(status().is(200),
                                bodyString().transform(body -> {
                                    String verdict = run.ledger().verdict(gates);
                                    System.out.println("  gates: " + verdict);
                                    return verdict;
                                }).is("all gates pass")));
    }

    /** The gates Gatling asserts natively: a breach fails the Maven build. */
    static List<Assertion> assertions(LoadGates gates) {
        List<Assertion> list = new ArrayList<>();
        // The gates request above must pass.
        list.add(details("gates").failedRequests().count().is(0L));
        if (gates.maxFailedOrchestrations() != null) {
            list.add(details(GROUP).failedRequests().count().lte(gates.maxFailedOrchestrations().longValue()));
        }
        if (gates.maxFailedRequestsPercent() != null) {
            list.add(global().failedRequests().percent().lte(gates.maxFailedRequestsPercent()));
        }
        return list;
    }
}
