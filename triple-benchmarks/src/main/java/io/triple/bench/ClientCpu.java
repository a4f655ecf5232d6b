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
 * 20,000 messages of BODY_BYTES through the blocking stub's iterator (rates are then per message);
 * {@code stream}: server streams of 20,000 messages one after another, read through the async stub;
 * {@code pingpong}: one bidi stream, the next message sent from the callback of the last echo
 * (rates per round trip). With a seventh argument, the server's process id, the server's
 * threads are measured too (Linux: from /proc). Each thread kind also shows its voluntary context
 * switches per call, i.e. how often it went to sleep and had to be woken: the hand-offs a call
 * costs, which decide latency at low concurrency.
 */
public final class ClientCpu {
  private ClientCpu() {}

  public static void main(String[] args) throws Exception {
    String kind = args[0];
    int port = Integer.parseInt(args[1]);
    Payload request = Payloads.ofSize(Integer.parseInt(args[2]));
    boolean iterator = args[3].equals("iterator");
    boolean pingPong = args[3].equals("pingpong");
    boolean stream = args[3].equals("stream");
    boolean blocking = iterator || args[3].equals("blocking");
    int inflight = blocking || pingPong || stream ? 1 : Integer.parseInt(args[3]);
    String serverPid = args.length > 6 ? args[6] : null;
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
    } else if (stream) {
      final class Streams implements BenchClient.Sink {
        void issue() {
          client.serverStream(streamRequest, this);
        }

        @Override
        public void onMessage(Payload message) {
          done.incrementAndGet();
        }

        @Override
        public void onDone(Throwable error) {
          if (error != null) {
            failed.incrementAndGet();
          }
          if (stop.get() || failed.get() > 100) {
            stopped.countDown();
          } else {
            issue();
          }
        }
      }
      new Streams().issue();
    } else if (pingPong) {
      BenchClient.PingPong[] up = new BenchClient.PingPong[1];
      up[0] = client.pingPong(new BenchClient.Sink() {
        @Override
        public void onMessage(Payload message) {
          done.incrementAndGet();
          if (stop.get()) {
            up[0].complete();
          } else {
            up[0].send(request);
          }
        }

        @Override
        public void onDone(Throwable error) {
          if (error != null) {
            failed.incrementAndGet();
          }
          stopped.countDown();
        }
      });
      up[0].send(request);
    } else {
      for (int i = 0; i < inflight; i++) {
        new Slot().issue();
      }
    }
    Thread.sleep(warmupMs);
    Map<String, long[]> server0 = serverPid == null ? Map.of() : ProcThreads.byKind(serverPid);
    Map<String, long[]> self0 = ProcThreads.byKind("self");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> before = new HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      before.put(id, mx.getThreadCpuTime(id));
    }
    long calls0 = done.get();
    Thread.sleep(measureMs);
    long calls = done.get() - calls0;
    Map<String, long[]> server1 = serverPid == null ? Map.of() : ProcThreads.byKind(serverPid);
    Map<String, long[]> self1 = ProcThreads.byKind("self");
    // Per kind of thread: pool and event-loop threads differ only in their trailing numbers.
    Map<String, Long> cpu = new TreeMap<>();
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null) {
        long ns = mx.getThreadCpuTime(t.getThreadId()) - before.getOrDefault(t.getThreadId(), 0L);
        cpu.merge(ProcThreads.kind(t.getThreadName()), ns, Long::sum);
      }
    }
    stop.set(true);
    stopped.await(30, TimeUnit.SECONDS);
    String unit = iterator || stream ? "message" : pingPong ? "round trip" : "call";
    String shape = iterator ? "1 blocking stream" : stream ? "1 server stream" : blocking ? "1 blocking call"
        : pingPong ? "1 ping-pong" : inflight + "";
    System.out.printf(Locale.ROOT, "%s client, %d-byte messages, %s in flight: %.0f %ss/s, %d %ss (%d failed)%n",
        kind, request.getBody().size(), shape, calls * 1000.0 / measureMs, unit, calls, unit, failed.get());
    cpu.entrySet().stream()
        .filter(e -> e.getValue() * 100 > measureMs * 1_000_000L) // over 1% of a core
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> ProcThreads.printLine(e.getKey(), e.getValue(), ProcThreads.wakes(self0, self1, e.getKey()),
            calls, unit));
    if (serverPid != null) {
      System.out.println("  server (from /proc; names cut at 15 characters):");
      ProcThreads.print(server0, server1, calls, unit, measureMs);
    }
    client.close();
    System.exit(0);
  }
}
