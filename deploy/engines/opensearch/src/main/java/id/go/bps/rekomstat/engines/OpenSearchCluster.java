package id.go.bps.rekomstat.engines;

import static org.codelibs.opensearch.runner.OpenSearchRunner.newConfigs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.Version;
import org.opensearch.node.Node;

/**
 * A cluster of OpenSearch nodes in this JVM, on loopback, for development and CI.
 *
 * <p>Arguments: base directory, first HTTP port, number of nodes, control port.
 * Node i answers HTTP on firstPort + i. The control port (loopback only) lets the
 * survival tests stop and start one node: POST /nodes/{i}/stop, POST
 * /nodes/{i}/start, GET /status. The whole cluster stops on SIGTERM.
 */
public final class OpenSearchCluster {

    private OpenSearchCluster() {}

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : "var/engines/opensearch").toAbsolutePath();
        int httpPort = args.length > 1 ? Integer.parseInt(args[1]) : 9201;
        int nodes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int controlPort = args.length > 3 ? Integer.parseInt(args[3]) : 9290;
        Files.createDirectories(base);

        String[] seeds = new String[nodes];
        for (int i = 0; i < nodes; i++) {
            seeds[i] = "127.0.0.1:" + (httpPort + 100 + i);
        }
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1); // the ports are set below, not searched for
        // The runner numbers nodes from 1.
        runner.onBuild((number, settings) -> {
            settings.put("network.host", "127.0.0.1");
            settings.put("http.port", String.valueOf(httpPort + number - 1));
            settings.put("transport.port", String.valueOf(httpPort + 100 + number - 1));
            settings.putList("discovery.seed_hosts", seeds);
            settings.putList("cluster.initial_cluster_manager_nodes", "Node 1");
            // Small machines: no disk-watermark surprises, modest thread pools.
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            settings.put("node.processors", 1);
        }).build(newConfigs()
                .clusterName("rekomstat")
                .numOfNode(nodes)
                .baseHttpPort(httpPort - 1)
                .basePath(base.toString())
                .disableESLogger());
        runner.ensureYellow();

        CountDownLatch stopped = new CountDownLatch(1);
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", controlPort), 0);
        control.createContext("/", exchange -> handle(exchange, runner, nodes, httpPort, stopped));
        control.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.stop(0);
            try {
                runner.close();
            } catch (IOException error) {
                System.err.println("closing: " + error);
            }
        }));

        StringBuilder urls = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            urls.append(i == 0 ? "" : ",").append("http://127.0.0.1:").append(httpPort + i);
        }
        Files.writeString(base.resolve("urls"), urls + "\n");
        System.out.println("opensearch " + Version.CURRENT + " " + urls + " (control http://127.0.0.1:" + controlPort + ")");
        System.out.flush();
        stopped.await();
        System.exit(0);
    }

    private static void handle(HttpExchange exchange, OpenSearchRunner runner, int nodes, int httpPort,
            CountDownLatch stopped) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        int status = 200;
        String body;
        try {
            if (parts.length == 4 && parts[1].equals("nodes") && "POST".equals(exchange.getRequestMethod())) {
                int index = Integer.parseInt(parts[2]);
                if (index < 0 || index >= nodes) {
                    status = 404;
                    body = "no such node";
                } else if (parts[3].equals("stop")) {
                    Node node = runner.getNode(index);
                    node.close();
                    node.awaitClose(30, java.util.concurrent.TimeUnit.SECONDS);
                    body = "stopped node " + index;
                } else if (parts[3].equals("start")) {
                    body = runner.startNode(index) ? "started node " + index : "node " + index + " was running";
                } else {
                    status = 404;
                    body = "unknown action";
                }
            } else if (parts.length == 2 && parts[1].equals("status")) {
                StringBuilder state = new StringBuilder();
                for (int i = 0; i < nodes; i++) {
                    state.append(i).append(' ').append(httpPort + i).append(' ')
                            .append(runner.getNode(i).isClosed() ? "stopped" : "running").append('\n');
                }
                body = state.toString();
            } else if (parts.length == 2 && parts[1].equals("shutdown") && "POST".equals(exchange.getRequestMethod())) {
                body = "shutting down";
                stopped.countDown();
            } else {
                status = 404;
                body = "GET /status, POST /nodes/{i}/stop|start, POST /shutdown";
            }
        } catch (Exception error) {
            status = 500;
            body = error.toString();
        }
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
