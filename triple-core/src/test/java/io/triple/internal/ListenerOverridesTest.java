package io.triple.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.triple.ClientCall;
import io.triple.ForwardingClientCallListener;
import io.triple.ForwardingServerCallListener;
import io.triple.ServerCall;
import org.junit.jupiter.api.Test;

class ListenerOverridesTest {
  static class PlainServerListener extends ServerCall.Listener<String> {
    @Override
    public void onMessage(String message) {}
  }

  static class CompletingServerListener extends PlainServerListener {
    @Override
    public void onComplete() {}
  }

  /** Inherits an override from a superclass that is not the base. */
  static class SubOfCompleting extends CompletingServerListener {}

  static class PlainClientListener extends ClientCall.Listener<String> {}

  static class ReadyClientListener extends ClientCall.Listener<String> {
    @Override
    public void onReady() {}
  }

  @Test
  void serverOnComplete() {
    assertFalse(ListenerOverrides.wantsOnComplete(new PlainServerListener()));
    assertFalse(ListenerOverrides.wantsOnComplete(new ServerCall.Listener<String>() {}));
    assertTrue(ListenerOverrides.wantsOnComplete(new CompletingServerListener()));
    assertTrue(ListenerOverrides.wantsOnComplete(new SubOfCompleting()));
    // an interceptor's listener is looked through, unless it overrides the callback itself
    assertFalse(ListenerOverrides.wantsOnComplete(
        new ForwardingServerCallListener<>(new ForwardingServerCallListener<>(new PlainServerListener()))));
    assertTrue(ListenerOverrides.wantsOnComplete(
        new ForwardingServerCallListener<>(new CompletingServerListener())));
    assertTrue(ListenerOverrides.wantsOnComplete(new ForwardingServerCallListener<>(new PlainServerListener()) {
      @Override
      public void onComplete() {}
    }));
    assertTrue(ListenerOverrides.wantsOnComplete(new ForwardingServerCallListener<>(null)));
    assertTrue(ListenerOverrides.wantsOnComplete(null), "unknown listener: deliver");
  }

  static class ReadyServerListener extends PlainServerListener {
    @Override
    public void onReady() {}
  }

  @Test
  void serverOnReady() {
    assertFalse(ListenerOverrides.wantsOnReady(new PlainServerListener()));
    assertFalse(ListenerOverrides.wantsOnReady(new CompletingServerListener()), "other overrides do not count");
    assertTrue(ListenerOverrides.wantsOnReady(new ReadyServerListener()));
    assertFalse(ListenerOverrides.wantsOnReady(
        new ForwardingServerCallListener<>(new PlainServerListener())));
    assertTrue(ListenerOverrides.wantsOnReady(
        new ForwardingServerCallListener<>(new ReadyServerListener())));
    assertTrue(ListenerOverrides.wantsOnReady(new ForwardingServerCallListener<>(new PlainServerListener()) {
      @Override
      public void onReady() {}
    }));
    assertTrue(ListenerOverrides.wantsOnReady((ServerCall.Listener<?>) null));
  }

  @Test
  void clientOnReady() {
    assertFalse(ListenerOverrides.wantsOnReady(new PlainClientListener()));
    assertTrue(ListenerOverrides.wantsOnReady(new ReadyClientListener()));
    assertFalse(ListenerOverrides.wantsOnReady(
        new ForwardingClientCallListener<>(new ForwardingClientCallListener<>(new PlainClientListener()))));
    assertTrue(ListenerOverrides.wantsOnReady(
        new ForwardingClientCallListener<>(new ReadyClientListener())));
    assertTrue(ListenerOverrides.wantsOnReady((ClientCall.Listener<?>) null));
  }
}
