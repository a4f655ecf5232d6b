package io.triple.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.util.internal.PlatformDependent;
import io.triple.bench.proto.ProcessStats;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A process's resources as the soak compares them at start and end: heap used after a full GC,
 * direct memory (the JDK's count, and Netty's), live threads and open file descriptors.
 *
 * <p>Netty's figure is {@code PlatformDependent.usedDirectMemory()}, the direct memory Netty counts
 * as it allocates (Netty 4.2 counts by default); where it keeps no count (-1), the default
 * allocator's own figure is reported instead.
 */
record ResourceStats(long pid, long heapUsed, long directUsed, long nettyDirectUsed, int threads, int fds) {

  /** This process's figures, after two full GCs (the second lets Cleaners free direct buffers). */
  static ResourceStats afterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new ResourceStats(
        ProcessHandle.current().pid(),
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
        jdkDirect(),
        nettyDirect(),
        ManagementFactory.getThreadMXBean().getThreadCount(),
        openFds());
  }

  static ResourceStats of(ProcessStats p) {
    return new ResourceStats(p.getPid(), p.getHeapUsed(), p.getDirectUsed(),
        p.getNettyDirectUsed(), p.getThreads(), p.getFds());
  }

  ProcessStats.Builder toProto() {
    return ProcessStats.newBuilder()
        .setPid(pid)
        .setHeapUsed(heapUsed)
        .setDirectUsed(directUsed)
        .setNettyDirectUsed(nettyDirectUsed)
        .setThreads(threads)
        .setFds(fds);
  }

  private static long jdkDirect() {
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        return pool.getMemoryUsed();
      }
    }
    return -1;
  }

  private static long nettyDirect() {
    long counted = PlatformDependent.usedDirectMemory();
    if (counted >= 0) {
      return counted;
    }
    if (ByteBufAllocator.DEFAULT instanceof ByteBufAllocatorMetricProvider p) {
      return p.metric().usedDirectMemory();
    }
    return -1;
  }

  private static int openFds() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return (int) unix.getOpenFileDescriptorCount();
    }
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return (int) fds.count();
    } catch (IOException e) {
      return -1;
    }
  }
}
