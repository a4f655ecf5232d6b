package io.triple.bench;

import io.triple.CallOptions;
import io.triple.Channels;
import io.triple.ClientCall;
import io.triple.ManagedChannel;
import io.triple.Marshaller;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.ServiceDefinition;
import io.triple.cluster.ClusterChannel;
import io.triple.cluster.discovery.MigrationRegistry;
import io.triple.registry.Registries;
import io.triple.registry.Registry;
import io.triple.registry.ServiceUrl;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.ServiceDiscovery;
import io.triple.registry.discovery.ServiceInstance;
import io.triple.server.TripleServer;
import io.triple.stub.ClientCalls;
import io.triple.stub.ServerCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * Registry at scale (bench/registry-scale.sh; docs/registry.md): one real ZooKeeper in its own JVM
 * (curator-test's TestingServer), a provider JVM making 1,000 interface-level registrations across
 * 10 interfaces from 50 ZooKeeper sessions, and consumer JVMs holding 50 consumers (each its own
 * registry session and ClusterChannel on one interface, calling without pause). Measures, per
 * (consumer, registration): registration to notification (the consumer's registry listener hears
 * of it) and registration to the first call the consumer's balancer routes to it; directory
 * memory per provider; then a minute of churn (10 registrations and 10 unregistrations a second).
 *
 * <p>Every registration has its own address (127.{a}.{b}.{c}:port: all of 127/8 reaches the one
 * real server on Linux), so each is a provider of its own to the consumers. Provider channels are
 * wrappers that record their first call and send it through one real channel per consumer JVM to
 * the server: calls are real, routing is the balancer's, but 2,500 provider connections (and the
 * event loop each TripleChannel owns) are not opened. Times compare System.nanoTime across JVMs,
 * which on Linux is one monotonic clock for the host.
 *
 * <p>{@code --mode application}: the same, at application level (Dubbo 3's model): each
 * registration is an application instance ({@code /services/scale-app-i/127.a.b.c:port}, one
 * application per interface, metadata in the metadata report: {@link ScaleInstances}), and
 * consumers find providers in {@code FORCE_APPLICATION} mode (MigrationRegistry,
 * ApplicationSubscription, MetadataFetcher); metadata report reads are counted by revision
 * ({@link CountingRegistry}).
 */
public final class RegistryScale {
  static final Marshaller<String> UTF8 = new Marshaller<>() {
    @Override
    public void serialize(String value, OutputStream out) throws IOException {
      out.write(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream in) throws IOException {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  };

  private RegistryScale() {}

  static String iface(int i) {
    return "org.apache.dubbo.bench.Scale" + i;
  }

  static MethodDescriptor<String, String> method(int i) {
    return MethodDescriptor.of(iface(i), "call", MethodType.UNARY, UTF8, UTF8);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), i + 1 < args.length ? args[i + 1] : "");
    }
    switch (args.length == 0 ? "driver" : args[0]) {
      case "zk" -> zk();
      case "providers" -> providers(o);
      case "consumers" -> consumers(o);
      default -> driver(args.length == 0 ? Map.of() : o);
    }
  }

  // ---- ZooKeeper ---------------------------------------------------------------------------

  static void zk() throws Exception {
    try (TestingServer zk = new TestingServer(
        new InstanceSpec(null, -1, -1, -1, true, -1, 500, 5000, null, "127.0.0.1"), true)) {
      System.out.println("PORT " + zk.getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the parent closes our input
      }
    }
  }

  // ---- Driver --------------------------------------------------------------------------------

  static void driver(Map<String, String> o) throws Exception {
    int registrations = Integer.parseInt(o.getOrDefault("registrations", "1000"));
    int interfaces = Integer.parseInt(o.getOrDefault("interfaces", "10"));
    int consumers = Integer.parseInt(o.getOrDefault("consumers", "50"));
    int consumerJvms = Integer.parseInt(o.getOrDefault("consumer-jvms", "2"));
    int churnSeconds = Integer.parseInt(o.getOrDefault("churn-seconds", "60"));
    int churnRate = Integer.parseInt(o.getOrDefault("churn-rate", "10"));
    int registerRate = Integer.parseInt(o.getOrDefault("register-rate", "100"));
    int callRate = Integer.parseInt(o.getOrDefault("call-rate", "50"));
    String jvmFlags = o.getOrDefault("jvm-flags", "-Xms256m -Xmx256m -XX:+UseG1GC");
    String mode = mode(o);
    Path dir = Files.createTempDirectory("registry-scale");
    load0 = loadNow();
    List<Process> children = new ArrayList<>();
    Process zk = ChildJvm.start("-Xmx256m", null, "zk", RegistryScale.class, "zk");
    try {
      int zkPort = ChildJvm.awaitPort(zk, "ZooKeeper");
      String connect = "127.0.0.1:" + zkPort;
      Process providers = ChildJvm.start(jvmFlags, null, "providers", RegistryScale.class, "providers",
          "--zk", connect, "--dir", dir.toString(), "--registrations", Integer.toString(registrations),
          "--interfaces", Integer.toString(interfaces), "--consumer-jvms", Integer.toString(consumerJvms),
          "--churn-seconds", Integer.toString(churnSeconds), "--churn-rate", Integer.toString(churnRate),
          "--register-rate", Integer.toString(registerRate), "--mode", mode);
      children.add(providers);
      for (int k = 0; k < consumerJvms; k++) {
        int count = consumers / consumerJvms + (k < consumers % consumerJvms ? 1 : 0);
        int first = k * (consumers / consumerJvms) + Math.min(k, consumers % consumerJvms);
        children.add(ChildJvm.start(jvmFlags, null, "consumers-" + k, RegistryScale.class, "consumers",
            "--zk", connect, "--dir", dir.toString(), "--index", Integer.toString(k),
            "--first", Integer.toString(first), "--count", Integer.toString(count),
            "--interfaces", Integer.toString(interfaces), "--call-rate", Integer.toString(callRate),
            "--mode", mode));
      }
      for (Process p : children) {
        p.getInputStream().transferTo(System.out); // progress lines
        if (p.waitFor() != 0) {
          throw new IllegalStateException("a child JVM failed: exit " + p.exitValue());
        }
      }
      report(dir, mode, consumerJvms, registrations, interfaces, consumers, churnSeconds, churnRate, callRate, jvmFlags);
    } finally {
      children.forEach(Process::destroy);
      ChildJvm.stop(zk);
    }
  }

  /** interface (default) or application. */
  static String mode(Map<String, String> o) {
    String mode = o.getOrDefault("mode", "interface");
    if (!mode.equals("interface") && !mode.equals("application")) {
      throw new IllegalArgumentException("--mode interface|application, not " + mode);
    }
    return mode;
  }

  static void report(Path dir, String mode, int consumerJvms, int registrations, int interfaces, int consumers,
      int churnSeconds, int churnRate, int callRate, String jvmFlags) throws IOException {
    Map<String, long[]> regs = new HashMap<>(); // key -> {tReg, phase}
    for (String line : Files.readAllLines(dir.resolve("registrations.txt"))) {
      String[] f = line.split(" ");
      regs.put(f[0], new long[] {Long.parseLong(f[1]), f[2].equals("steady") ? 0 : 1});
    }
    List<List<Long>> notify = List.of(new ArrayList<>(), new ArrayList<>());
    List<List<Long>> firstCall = List.of(new ArrayList<>(), new ArrayList<>());
    Map<String, Long> firstCallAny = new HashMap<>();
    long calls = 0;
    long failed = 0;
    long heapDelta = 0;
    long entries = 0;
    List<String> failures = new ArrayList<>();
    long notifications = 0;
    long delivered = 0;
    List<Long> fetches = new ArrayList<>(); // reads of one revision in one consumer JVM
    for (int k = 0; k < consumerJvms; k++) {
      for (String line : Files.readAllLines(dir.resolve("events-" + k + ".txt"))) {
        String[] f = line.split(" ");
        switch (f[0]) {
          case "seen" -> {
            long[] r = regs.get(f[2]);
            if (r != null) {
              notify.get((int) r[1]).add(Long.parseLong(f[3]) - r[0]);
            }
          }
          case "call" -> {
            long[] r = regs.get(f[2]);
            if (r != null) {
              long d = Long.parseLong(f[3]) - r[0];
              firstCall.get((int) r[1]).add(d);
              firstCallAny.merge(f[2], d, Math::min);
            }
          }
          case "calls" -> {
            calls += Long.parseLong(f[1]);
            failed += Long.parseLong(f[2]);
          }
          case "memory" -> {
            heapDelta += Long.parseLong(f[1]);
            entries += Long.parseLong(f[2]);
          }
          case "failure" -> failures.add(line.substring(8));
          case "notifications" -> {
            notifications += Long.parseLong(f[1]);
            delivered += Long.parseLong(f[2]);
          }
          case "fetch" -> fetches.add(Long.parseLong(f[2]));
          default -> { }
        }
      }
    }
    List<List<Long>> anyByPhase = List.of(new ArrayList<>(), new ArrayList<>());
    firstCallAny.forEach((key, d) -> anyByPhase.get((int) regs.get(key)[1]).add(d));
    String cmd = System.getProperty("registry-scale.command", "bench/registry-scale.sh");
    StringBuilder out = new StringBuilder();
    boolean app = mode.equals("application");
    out.append("\n## Registry at scale (" + mode + " level)\n\n");
    out.append(String.format(Locale.ROOT, "`%s`: ZooKeeper (curator-test TestingServer, own JVM); %d "
        + "%s across %d interfaces from 50 sessions in one provider JVM; %d consumers in %d JVMs "
        + "(each its own session and ClusterChannel, roundrobin, %d calls/s%s); JVM flags %s; %d cores.%n%n",
        cmd, registrations, app ? "application instances (one application per interface, metadata in the report)"
            : "interface-level registrations", interfaces, consumers, consumerJvms, callRate,
        app ? ", FORCE_APPLICATION" : "", jvmFlags,
        Runtime.getRuntime().availableProcessors()));
    out.append("Load average on the host (other work included) before / after: " + load0 + " / " + loadNow() + ".\n\n");
    out.append("| phase | registration to notification p50 / p99 / max | to first call (that consumer) p50 / p99 | to first call (any consumer) p50 / p99 | samples |\n");
    out.append("|---|---|---|---|---|\n");
    String[] names = {"registering " + registrations, String.format(Locale.ROOT, "churn %d/s for %d s", churnRate, churnSeconds)};
    for (int ph = 0; ph < 2; ph++) {
      out.append(String.format(Locale.ROOT, "| %s | %s / %s / %s ms | %s / %s ms | %s / %s ms | %d, %d, %d |%n", names[ph],
          pct(notify.get(ph), 50), pct(notify.get(ph), 99), pct(notify.get(ph), 100),
          pct(firstCall.get(ph), 50), pct(firstCall.get(ph), 99),
          pct(anyByPhase.get(ph), 50), pct(anyByPhase.get(ph), 99),
          notify.get(ph).size(), firstCall.get(ph).size(), anyByPhase.get(ph).size()));
    }
    out.append(String.format(Locale.ROOT, "%nDirectory memory: %d provider entries held by the consumers "
        + "(each consumer's registry cache, parsed URLs, directory and balancer state), heap after GC grew "
        + "%.1f MiB: **%d bytes per provider per consumer**.%n",
        entries, heapDelta / 1048576.0, entries == 0 ? 0 : heapDelta / entries));
    out.append(String.format(Locale.ROOT, "Calls: %d, failed %d.%n", calls, failed));
    out.append(String.format(Locale.ROOT, "Notifications heard by the consumers' own listeners: %d, "
        + "carrying %d provider entries in all (%.1f per notification).%n", notifications, delivered,
        notifications == 0 ? 0.0 : (double) delivered / notifications));
    if (app) {
      long reads = fetches.stream().mapToLong(Long::longValue).sum();
      out.append(String.format(Locale.ROOT, "Metadata report reads: %d, for %d (consumer JVM, revision) pairs "
          + "(most for one revision in one JVM: %d; the shared cache should make it 1).%n", reads, fetches.size(),
          fetches.stream().mapToLong(Long::longValue).max().orElse(0)));
    }
    for (String f : failures.subList(0, Math.min(5, failures.size()))) {
      out.append("  failure: ").append(f).append('\n');
    }
    System.out.print(out);
    Files.writeString(dir.resolve("report.md"), out);
    System.out.println("\n(raw data in " + dir + ")");
  }

  static String load0 = "?";

  static String loadNow() {
    try {
      String[] f = Files.readString(Paths.get("/proc/loadavg")).split(" ");
      return f[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  static String pct(List<Long> nanos, int p) {
    if (nanos.isEmpty()) {
      return "-";
    }
    List<Long> s = new ArrayList<>(nanos);
    Collections.sort(s);
    int i = p >= 100 ? s.size() - 1 : (int) Math.min(s.size() - 1, Math.ceil(p / 100.0 * s.size()) - 1);
    return String.format(Locale.ROOT, "%.0f", s.get(Math.max(0, i)) / 1e6);
  }

  // ---- Providers -----------------------------------------------------------------------------

  static void providers(Map<String, String> o) throws Exception {
    int registrations = Integer.parseInt(o.get("registrations"));
    int interfaces = Integer.parseInt(o.get("interfaces"));
    int consumerJvms = Integer.parseInt(o.get("consumer-jvms"));
    int churnSeconds = Integer.parseInt(o.get("churn-seconds"));
    int churnRate = Integer.parseInt(o.get("churn-rate"));
    int registerRate = Integer.parseInt(o.get("register-rate"));
    boolean app = mode(o).equals("application");
    Path dir = Paths.get(o.get("dir"));
    TripleServer.Builder sb = TripleServer.builder().host("0.0.0.0").port(0);
    for (int i = 0; i < interfaces; i++) {
      int n = i;
      sb.addService(ServiceDefinition.builder(iface(i))
          .addMethod(method(i), ServerCalls.unaryCall(req -> CompletableFuture.completedFuture("ok" + n)))
          .build());
    }
    TripleServer server = sb.build().start();
    int port = server.port();
    Files.writeString(dir.resolve("server.port"), Integer.toString(port));
    int sessions = 50;
    List<Registry> registries = new ArrayList<>();
    for (int s = 0; s < sessions; s++) {
      registries.add(Registries.create(Registries.parseAddress(o.get("zk"), "zookeeper", Duration.ofSeconds(10))));
    }
    awaitFiles(dir, "consumers-ready-", consumerJvms);
    System.out.println("providers: registering " + registrations);
    try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(dir.resolve("registrations.txt")), true)) {
      List<Object[]> live = new ArrayList<>(); // {registry, url}
      long interval = 1_000_000_000L / registerRate;
      long next = System.nanoTime();
      int seq = 0;
      for (; seq < registrations; seq++) {
        next = pace(next, interval);
        live.add(register(app, registries.get(seq % sessions), seq, seq % interfaces, port, "steady", log));
      }
      Thread.sleep(5000);
      Files.writeString(dir.resolve("steady-done"), "");
      awaitFiles(dir, "consumers-measured-", consumerJvms);
      System.out.println("providers: churn " + churnRate + "/s for " + churnSeconds + " s");
      Random random = new Random(42);
      interval = 1_000_000_000L / churnRate;
      long end = System.nanoTime() + churnSeconds * 1_000_000_000L;
      next = System.nanoTime();
      // Each tick's unregistration and registration run on a pool, as if from different
      // processes: a slow one does not hold back the rate.
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
      List<java.util.concurrent.Future<Object[]>> added = new ArrayList<>();
      while (System.nanoTime() < end) {
        next = pace(next, interval);
        Object[] gone = live.remove(random.nextInt(live.size()));
        int n = seq++;
        pool.execute(() -> unregister(gone));
        added.add(pool.submit(() -> register(app, registries.get(n % sessions), n, n % interfaces, port, "churn", log)));
        for (var it = added.iterator(); it.hasNext(); ) {
          var f = it.next();
          if (f.isDone()) {
            live.add(f.get());
            it.remove();
          }
        }
      }
      pool.shutdown();
      pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
      Thread.sleep(5000);
    }
    Files.writeString(dir.resolve("done"), "");
    awaitFiles(dir, "consumers-finished-", consumerJvms);
    registries.forEach(Registry::close);
    server.shutdownNow();
  }

  static long pace(long next, long interval) throws InterruptedException {
    long wait = next - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
    return next + interval;
  }

  /** Registers number {@code seq}; returns what {@link #unregister} takes back. */
  static Object[] register(boolean app, Registry r, int seq, int iface, int port, String phase, PrintWriter log) {
    String host = "127." + (1 + seq / 62500) + "." + (seq / 250 % 250) + "." + (1 + seq % 250);
    if (app) {
      ServiceDiscovery discovery = r.serviceDiscovery();
      MetadataInfo metadata = ScaleInstances.metadata(iface, port);
      ServiceInstance instance = ScaleInstances.instance(host, port, metadata);
      discovery.publishMetadata(metadata); // before the clock starts: InstancePublisher writes it first
      long t = System.nanoTime();
      discovery.register(instance);
      discovery.map(iface(iface), metadata.app());
      synchronized (log) {
        log.println(host + ":" + port + " " + t + " " + phase);
      }
      return new Object[] {discovery, instance};
    }
    ServiceUrl u = ServiceUrl.parse("tri://" + host + ":" + port + "/" + iface(iface)
        + "?anyhost=false&application=scale-provider&deprecated=false&dubbo=2.0.2&dynamic=true&interface="
        + iface(iface) + "&methods=call&pid=" + seq + "&protocol=tri&release=triple-java&side=provider&timestamp="
        + System.currentTimeMillis() + "&weight=100");
    long t = System.nanoTime();
    r.register(u);
    synchronized (log) {
      log.println(u.address() + " " + t + " " + phase);
    }
    return new Object[] {r, u};
  }

  static void unregister(Object[] registered) {
    if (registered[0] instanceof ServiceDiscovery d) {
      d.unregister((ServiceInstance) registered[1]);
    } else {
      ((Registry) registered[0]).unregister((ServiceUrl) registered[1]);
    }
  }

  static void awaitFiles(Path dir, String prefix, int n) throws InterruptedException {
    while (true) {
      int found = 0;
      for (int k = 0; k < n; k++) {
        if (Files.exists(dir.resolve(prefix + k))) {
          found++;
        }
      }
      if (found == n) {
        return;
      }
      Thread.sleep(50);
    }
  }

  // ---- Consumers -----------------------------------------------------------------------------

  static void consumers(Map<String, String> o) throws Exception {
    Path dir = Paths.get(o.get("dir"));
    int index = Integer.parseInt(o.get("index"));
    int first = Integer.parseInt(o.get("first"));
    int count = Integer.parseInt(o.get("count"));
    int interfaces = Integer.parseInt(o.get("interfaces"));
    int callRate = Integer.parseInt(o.get("call-rate"));
    boolean app = mode(o).equals("application");
    Map<String, AtomicLong> fetches = new ConcurrentHashMap<>(); // app@revision -> metadata report reads
    AtomicLong notifications = new AtomicLong();
    AtomicLong delivered = new AtomicLong();
    while (!Files.exists(dir.resolve("server.port"))) {
      Thread.sleep(50);
    }
    int port = Integer.parseInt(Files.readString(dir.resolve("server.port")).trim());
    ManagedChannel shared = Channels.forTarget("tri://127.0.0.1:" + port);
    ConcurrentHashMap<String, Long> events = new ConcurrentHashMap<>(); // "seen c key" / "call c key" -> t
    AtomicLong calls = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    List<Registry> registries = new ArrayList<>();
    List<ClusterChannel> channels = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    List<java.util.concurrent.atomic.AtomicInteger> current = new ArrayList<>();
    for (int c = first; c < first + count; c++) {
      int consumer = c;
      int i = c % interfaces;
      Registry zk = Registries.create(Registries.parseAddress(o.get("zk"), "zookeeper", Duration.ofSeconds(10)));
      Registry r = app ? new CountingRegistry(zk, fetches) : zk;
      registries.add(r);
      Set<String> known = new HashSet<>();
      java.util.concurrent.atomic.AtomicInteger size = new java.util.concurrent.atomic.AtomicInteger();
      current.add(size);
      // At application level the listener gets what the channel gets: the FORCE_APPLICATION
      // view (its own ApplicationSubscription; the ZooKeeper watches are shared per session).
      Registry view = app ? MigrationRegistry.wrap(r, MigrationRegistry.Step.FORCE_APPLICATION) : r;
      view.subscribe(iface(i), list -> {
        long t = System.nanoTime();
        notifications.incrementAndGet();
        delivered.addAndGet(list.size());
        size.set(list.size());
        for (ServiceUrl u : list) {
          if (known.add(u.address())) {
            events.put("seen " + consumer + " " + u.address(), t);
          }
        }
      });
      ClusterChannel ch = ClusterChannel.builder(iface(i))
          .registry(r, false)
          .loadBalance("roundrobin")
          .migration(app ? "FORCE_APPLICATION" : null) // null: as before, the registry URL's (APPLICATION_FIRST)
          .initialWait(Duration.ZERO)
          .channelFactory(u -> new FirstCall(shared, () -> events.putIfAbsent("call " + consumer + " " + u.address(), System.nanoTime())))
          .build();
      channels.add(ch);
      Thread t = new Thread(() -> {
        MethodDescriptor<String, String> m = method(i);
        long interval = 1_000_000_000L / callRate;
        long next = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
          try {
            next = pace(next, interval);
            if (known.isEmpty()) {
              continue; // nothing registered yet: not a failure
            }
            ClientCalls.blockingUnary(ch, m, CallOptions.DEFAULT.withTimeout(Duration.ofSeconds(5)), "hi");
            calls.incrementAndGet();
          } catch (InterruptedException e) {
            return;
          } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
              return;
            }
            failed.incrementAndGet();
            if (failures.size() < 5) {
              failures.add(e.toString());
            }
          }
        }
      }, "consumer-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    Thread.sleep(2000); // every consumer subscribed, its (empty) lists read
    long heapBefore = heapAfterGc();
    Files.writeString(dir.resolve("consumers-ready-" + index), "");
    while (!Files.exists(dir.resolve("steady-done"))) {
      Thread.sleep(50);
    }
    long heapAfter = heapAfterGc();
    long entries = 0;
    for (java.util.concurrent.atomic.AtomicInteger n : current) {
      entries += n.get();
    }
    Files.writeString(dir.resolve("consumers-measured-" + index), "");
    System.out.printf(Locale.ROOT, "consumers-%d: %d consumers, %d provider entries, heap +%.1f MiB%n",
        index, count, entries, (heapAfter - heapBefore) / 1048576.0);
    while (!Files.exists(dir.resolve("done"))) {
      Thread.sleep(50);
    }
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      t.join(5000);
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve("events-" + index + ".txt")))) {
      events.forEach((k, t) -> w.println(k + " " + t));
      w.println("calls " + calls.get() + " " + failed.get());
      w.println("memory " + (heapAfter - heapBefore) + " " + entries);
      w.println("notifications " + notifications.get() + " " + delivered.get());
      fetches.forEach((key, n) -> w.println("fetch " + key + " " + n.get()));
      for (String f : failures) {
        w.println("failure " + f.replace('\n', ' '));
      }
    }
    Files.writeString(dir.resolve("consumers-finished-" + index), "");
    channels.forEach(ClusterChannel::shutdownNow);
    registries.forEach(Registry::close);
    shared.shutdownNow();
  }

  static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** A provider's channel: notes its first call, sends every call through the shared channel. */
  static final class FirstCall implements ManagedChannel {
    private final ManagedChannel delegate;
    private final Runnable onFirst;
    private volatile boolean called;
    private volatile boolean shutdown;

    FirstCall(ManagedChannel delegate, Runnable onFirst) {
      this.delegate = delegate;
      this.onFirst = onFirst;
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
      if (!called) {
        called = true;
        onFirst.run();
      }
      return delegate.newCall(method, options);
    }

    @Override
    public String authority() {
      return delegate.authority();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public void shutdownNow() {
      shutdown = true;
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(Duration timeout) {
      return true;
    }
  }

}
