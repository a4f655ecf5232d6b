package io.triple.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SendBatchTest {
  @Test
  void withoutABatchTheCallerWakesAtOnce() {
    assertFalse(SendBatch.deferWake(() -> {}));
  }

  @Test
  void wakesRunOnceEachWhenTheBatchCloses() {
    List<String> ran = new ArrayList<>();
    Runnable a = () -> ran.add("a");
    Runnable b = () -> ran.add("b");
    try (SendBatch batch = SendBatch.open()) {
      assertTrue(SendBatch.deferWake(a));
      assertTrue(SendBatch.deferWake(a));
      assertTrue(SendBatch.deferWake(b));
      assertTrue(SendBatch.deferWake(a));
      assertTrue(SendBatch.deferWake(b));
      assertEquals(List.of(), ran, "nothing runs before the close");
    }
    assertEquals(List.of("a", "b"), ran);
    assertFalse(SendBatch.deferWake(a), "closed: the next caller wakes at once");
  }

  @Test
  void anInnerBatchWakesAtItsOwnCloseSoItsCallerMayBlockOnTheResult() {
    List<String> ran = new ArrayList<>();
    Runnable outer = () -> ran.add("outer");
    Runnable inner = () -> ran.add("inner");
    try (SendBatch o = SendBatch.open()) {
      SendBatch.deferWake(outer);
      try (SendBatch i = SendBatch.open()) {
        SendBatch.deferWake(inner);
        SendBatch.deferWake(outer); // the same connection: the inner close wakes it too
      }
      assertEquals(List.of("inner", "outer"), ran, "the inner batch's wakes ran at its close");
      SendBatch.deferWake(outer);
    }
    assertEquals(List.of("inner", "outer", "outer"), ran);
  }

  @Test
  void aFailingWakeDoesNotCostTheOthers() {
    List<String> ran = new ArrayList<>();
    try (SendBatch batch = SendBatch.open()) {
      SendBatch.deferWake(() -> {
        throw new IllegalStateException("test: a wake that fails");
      });
      SendBatch.deferWake(() -> ran.add("second"));
    }
    assertEquals(List.of("second"), ran);
  }
}
