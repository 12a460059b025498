package id.rekomstat.engines;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.health.ClusterHealthRequest;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One single-node Elasticsearch on loopback, in this JVM, for Rekomstat's tests
 * and local runs. No security (the x-pack plugins are not loaded at all).
 *
 * <pre>
 * java -jar elasticsearch-node.jar [--port 9250] [--transport-port 9350]
 *      [--home DIR] [--pid-file FILE] [--log-level WARN]
 * </pre>
 *
 * Defaults come from ES_HTTP_PORT, ES_TRANSPORT_PORT, ES_HOME_DIR, ES_PID_FILE,
 * ES_LOG_LEVEL, else home is $REKOMSTAT_DATA_DIR/engines/elasticsearch (or
 * ./var/engines/elasticsearch). Prints "elasticsearch VERSION http://HOST:PORT"
 * on stdout once requests are answered; SIGTERM closes the node.
 */
public final class ElasticsearchNode {

    private static final String LOG4J2_PROPERTIES = """
        status = error
        appender.console.type = Console
        appender.console.name = console
        appender.console.target = SYSTEM_ERR
        appender.console.layout.type = PatternLayout
        appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] [%node_name]%marker %m%n
        rootLogger.level = info
        rootLogger.appenderRef.console.ref = console
        """;

    private ElasticsearchNode() {}

    public static void main(String[] args) throws Exception {
        // Elasticsearch's logging setup sends System.out to a logger: keep the real one.
        PrintStream stdout = System.out;
        // What the distribution's jvm.options set; read when the classes load, so first.
        System.setProperty("io.netty.noUnsafe", "true");
        System.setProperty("io.netty.noKeySetOptimization", "true");
        System.setProperty("io.netty.recycler.maxCapacityPerThread", "0");
        System.setProperty("log4j.shutdownHookEnabled", "false");
        System.setProperty("log4j2.disable.jmx", "true");
        Map<String, String> options = parse(args);
        int httpPort = Integer.parseInt(option(options, "port", "ES_HTTP_PORT", "9250"));
        int transportPort = Integer.parseInt(option(options, "transport-port", "ES_TRANSPORT_PORT", Integer.toString(httpPort + 100)));
        Path home = Path.of(option(options, "home", "ES_HOME_DIR", defaultHome())).toAbsolutePath();
        Path pidFile = Path.of(option(options, "pid-file", "ES_PID_FILE", home.resolve("elasticsearch.pid").toString()))
            .toAbsolutePath();
        String logLevel = option(options, "log-level", "ES_LOG_LEVEL", "WARN");

        // Native libraries are looked for under home/lib/platform. The distribution's
        // libzstd and libvec are not on Maven Central, so native access is off (one
        // warning at start) and index.codec best_compression (zstd) cannot be used.
        System.setProperty("es.path.home", home.toString());
        for (String dir : List.of("config", "data", "logs")) {
            Files.createDirectories(home.resolve(dir));
        }
        Files.createDirectories(pidFile.getParent());
        // Written first, so a supervisor can stop a node that is still starting.
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "rekomstat")
            .put("node.name", "rekomstat-es")
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            .put("http.type", Netty4Plugin.NETTY_HTTP_TRANSPORT_NAME)
            .put("transport.type", Netty4Plugin.NETTY_TRANSPORT_NAME)
            .put("discovery.type", "single-node")
            // Test machines often have nearly full disks; never turn indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("logger.level", logLevel)
            .build();

        Node node;
        long began = System.nanoTime();
        try {
            LogConfigurator.registerErrorListener();
            Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "rekomstat-es");
            // Ours, rewritten at each start: node logs on stderr, the ready line alone on stdout.
            Files.writeString(environment.configDir().resolve("log4j2.properties"), LOG4J2_PROPERTIES);
            LogConfigurator.setClusterName("rekomstat");
            LogConfigurator.setNodeName("rekomstat-es");
            LogConfigurator.configure(environment, true);
            node = new ClasspathNode(environment, List.of(Netty4Plugin.class, WhitespaceAnalysisPlugin.class, RootInfoPlugin.class));
        } catch (Exception e) {
            fail(e, pidFile);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(node, pidFile, stopped, stdout), "elasticsearch-node-stop"));
        try {
            node.start();
        } catch (Exception e) {
            fail(e, pidFile); // the hook closes the half-started node
            return;
        }
        // Existing indices' primaries are recovered before "ready", so a restarted
        // node answers searches at once rather than with 503 for a moment.
        var health = node.client()
            .admin()
            .cluster()
            .health(new ClusterHealthRequest(TimeValue.timeValueSeconds(30)).waitForYellowStatus().timeout(TimeValue.timeValueSeconds(30)))
            .actionGet();
        if (health.isTimedOut()) {
            System.err.println("elasticsearch: cluster still " + health.getStatus() + " after 30 s; serving anyway");
        }
        var address = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        stdout.printf("elasticsearch %s http://%s (started in %d ms, home %s, pid %d)%n",
            Build.current().version(), address, millis, home, ProcessHandle.current().pid());
        stdout.flush();
        stopped.await();
    }

    private static void fail(Exception e, Path pidFile) {
        System.err.println("elasticsearch failed to start: " + e);
        e.printStackTrace();
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // Exiting anyway.
        }
        System.exit(1);
    }

    private static void stop(Node node, Path pidFile, CountDownLatch stopped, PrintStream stdout) {
        try {
            node.prepareForClose();
            node.close();
            if (node.awaitClose(10, TimeUnit.SECONDS) == false) {
                System.err.println("elasticsearch: node did not stop within 10 seconds");
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("elasticsearch: error while stopping: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // The process is exiting; a stale file names a dead pid.
            }
            stdout.println("elasticsearch stopped");
            stdout.flush();
            stopped.countDown();
        }
    }

    private static String defaultHome() {
        String dataDir = System.getenv("REKOMSTAT_DATA_DIR");
        Path base = dataDir == null || dataDir.isBlank() ? Path.of("var") : Path.of(dataDir);
        return base.resolve("engines").resolve("elasticsearch").toString();
    }

    private static String option(Map<String, String> options, String name, String env, String fallback) {
        String value = options.get(name);
        if (value == null) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Map<String, String> parse(String[] args) {
        var options = new java.util.HashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") == false) {
                throw new IllegalArgumentException("unexpected argument [" + arg + "]; options are --name value");
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                options.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("option [" + arg + "] needs a value");
            }
        }
        return options;
    }
}
