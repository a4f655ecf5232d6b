package io.triple.bench.pojo;

import java.util.concurrent.CompletableFuture;

/** The benchmark's interface service (copied in triple-benchmarks and triple-interop-dubbo-peer). */
public interface BenchUserService {
  /** Echoes the user with its age plus one: a unary call taking and returning the 5-field POJO. */
  BenchUser update(BenchUser user);

  /** The same, called asynchronously (the closed loop keeps N calls in flight with it). */
  CompletableFuture<BenchUser> updateAsync(BenchUser user);

  /** The implementation both providers serve. */
  final class Impl implements BenchUserService {
    @Override
    public BenchUser update(BenchUser u) {
      return new BenchUser(u.getId(), u.getName(), u.getAge() + 1, u.getScore(), u.isActive());
    }

    @Override
    public CompletableFuture<BenchUser> updateAsync(BenchUser u) {
      return CompletableFuture.completedFuture(update(u));
    }
  }
}
