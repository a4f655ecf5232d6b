package io.triple.bench;

import io.triple.bench.proto.Payload;
import io.triple.bench.proto.StreamRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One benchmark client alone against a running server: closed-loop unary calls, then the CPU
 * time each kind of client thread spent per call. The client-side twin of {@code
 * bench/server-cpu.sh}; {@code bench/client-cpu.sh} runs it: {@code ClientCpu ours|grpc PORT
 * BODY_BYTES IN_FLIGHT WARMUP_SECONDS SECONDS}. IN_FLIGHT {@code blocking}: one thread making
 * blocking-stub calls one after another; {@code iterator}: one thread reading server streams of
 * 20,000 messages of BODY_BYTES through the blocking stub's iterator (rates are then per message).
 */
public final class ClientCpu {
  private ClientCpu() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    int port = Integer.parseInt(args[1]);
    Payload request = Payloads.ofSize(Integer.parseInt(args[2]));
    boolean iterator = args[3].equals("iterator");
    boolean blocking = iterator || args[3].equals("blocking");
    int inflight = blocking ? 1 : Integer.parseInt(args[3]);
    StreamRequest streamRequest =
        StreamRequest.newBuilder()
            .setMessageSize(Integer.parseInt(args[2]))
            .setCount(20_000)
            .build();
    long warmupMs = Long.parseLong(args[4]) * 1000;
    long measureMs = Long.parseLong(args[5]) * 1000;
    BenchClient client = Clients.create(kind, port, 4);
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch stopped = new CountDownLatch(inflight);
    final class Slot implements BenchClient.Sink {
      void issue() {
        client.unary(request, this);
      }

      @Override
      public void onMessage(Payload message) {}

      @Override
      public void onDone(Throwable error) {
        (error == null ? done : failed).incrementAndGet();
        if (stop.get() || failed.get() > 100) {
          stopped.countDown();
        } else {
          issue();
        }
      }
    }
    if (blocking) {
      Thread caller =
          new Thread(
              () -> {
                while (!stop.get() && failed.get() <= 100) {
                  try {
                    if (iterator) {
                      for (Iterator<Payload> it = client.blockingServerStream(streamRequest);
                          it.hasNext() && !stop.get(); ) {
                        it.next();
                        done.incrementAndGet();
                      }
                    } else {
                      client.blockingUnary(request);
                      done.incrementAndGet();
                    }
                  } catch (Exception e) {
                    failed.incrementAndGet();
                  }
                }
                stopped.countDown();
              },
              "blocking-caller");
      caller.setDaemon(true);
      caller.start();
    } else {
      for (int i = 0; i < inflight; i++) {
        new Slot().issue();
      }
    }
    Thread.sleep(warmupMs);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> before = new HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      before.put(id, mx.getThreadCpuTime(id));
    }
    long calls0 = done.get();
    Thread.sleep(measureMs);
    long calls = done.get() - calls0;
    // Per kind of thread: pool and event-loop threads differ only in their trailing numbers.
    Map<String, Long> cpu = new TreeMap<>();
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null) {
        long ns = mx.getThreadCpuTime(t.getThreadId()) - before.getOrDefault(t.getThreadId(), 0L);
        cpu.merge(t.getThreadName().replaceAll("[-#]?\\d+", ""), ns, Long::sum);
      }
    }
    stop.set(true);
    stopped.await(30, TimeUnit.SECONDS);
    String unit = iterator ? "message" : "call";
    String shape = iterator ? "1 blocking stream" : blocking ? "1 blocking call" : inflight + "";
    System.out.printf(Locale.ROOT, "%s client, %d-byte messages, %s in flight: %.0f %ss/s, %d %ss (%d failed)%n",
        kind, request.getBody().size(), shape, calls * 1000.0 / measureMs, unit, calls, unit, failed.get());
    cpu.entrySet().stream()
        .filter(e -> e.getValue() * 100 > measureMs * 1_000_000L) // over 1% of a core
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> System.out.printf(Locale.ROOT, "  %-24s %8.2f us/%s%n", e.getKey(), e.getValue() / 1000.0 / calls, unit));
    client.close();
    System.exit(0);
  }
}
