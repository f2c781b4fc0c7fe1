package io.durascale.pipeline.scaler;

import io.durascale.core.cli.TerminationSignals;
import io.durascale.pipeline.scaler.grpc.ScalerServer;
import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageProbe;
import io.durascale.storage.StorageResolution;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pipeline.jar scaler}: the task-hub scaler KEDA calls for the orchestration tier's {@code external} trigger. */
@Command(name = "scaler", mixinStandardHelpOptions = true,
        description = "Serve the task-hub scaler (KEDA's external scaler gRPC protocol): activity and recommended "
                + "orchestration hosts from a task hub's queues and timer index, until stopped.")
public final class ScalerCommand implements Callable<Integer> {

    @Option(names = "--port", description = "gRPC port (default ${DEFAULT-VALUE}, as KEDA's external-scaler examples use).")
    int port = ScalerServer.DEFAULT_PORT;

    @Option(names = "--bind", description = "Address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 in a pod).")
    String bind = "127.0.0.1";

    @Option(names = "--metrics-port", description = "Port for /metrics (the scaler's decisions, reads and errors) and "
            + "/healthz (default ${DEFAULT-VALUE}; -1 disables).")
    int metricsPort = 9466;

    @Option(names = "--connection", description = "Azure Storage connection string of the task hubs a trigger names "
            + "no connectionFromEnv for (default: $AZURE_STORAGE_CONNECTION_STRING; required).")
    String connection;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, got " + port);
        }
        if (metricsPort < -1 || metricsPort > 65535) {
            throw new IllegalArgumentException("--metrics-port must be -1 (off) or 0-65535, got " + metricsPort);
        }
        StorageAccount storage = StorageResolution.fromEnvironment().withConnectionString(connection).connectionStringOnly();
        StorageProbe.check(storage);
        ScalerServer server = ScalerServer.start(storage, bind, port, Clock.systemUTC());
        Javalin metrics = metricsPort < 0 ? null : serveMetrics(server.metrics(), bind, metricsPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            System.out.println("scaler: stopping");
            if (metrics != null) {
                metrics.stop();
            }
            server.close();
            storage.close();
            stopped.countDown();
        };
        TerminationSignals.install(() -> new Thread(stop, "scaler-stop").start(), () -> System.exit(1), stop);
        System.out.println("scaler: storage " + storage.describe());
        System.out.println("scaler: gRPC (externalscaler.ExternalScaler) on " + bind + ":" + server.port()
                + (metrics == null ? "" : ", metrics on http://" + bind + ":" + metrics.port() + "/metrics"));
        stopped.await();
        return 0;
    }

    static Javalin serveMetrics(ScalerMetrics metrics, String bind, int port) {
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.routes.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
            cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
        }).start(bind, port);
    }
}
