package io.triple.tests.codegen;

import io.triple.StreamObserver;
import java.util.ArrayList;
import java.util.List;

/** Records what a stream observer receives. */
final class RecordingObserver<T> implements StreamObserver<T> {
  final List<T> values = new ArrayList<>();
  Throwable error;
  boolean completed;

  @Override
  public void onNext(T value) {
    values.add(value);
  }

  @Override
  public void onError(Throwable t) {
    error = t;
  }

  @Override
  public void onCompleted() {
    completed = true;
  }
}
