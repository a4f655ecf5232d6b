package io.triple.opentelemetry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which samplers let the rpc.* attributes skip the span builder: the SDK's own descriptions. */
class SamplerInputsTest {

  private static OpenTelemetry sdk(Sampler sampler) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().setSampler(sampler).build()).build();
  }

  @Test
  void theSdksBuiltInSamplersDoNotReadAttributes() {
    assertTrue(SamplerInputs.attributeBlind(sdk(Sampler.alwaysOn())));
    assertTrue(SamplerInputs.attributeBlind(sdk(Sampler.alwaysOff())));
    assertTrue(SamplerInputs.attributeBlind(sdk(Sampler.traceIdRatioBased(0.1))));
    // dubbo.tracing's sampler, and the SDK's default
    assertTrue(SamplerInputs.attributeBlind(sdk(Sampler.parentBased(Sampler.traceIdRatioBased(0.1)))));
    assertTrue(SamplerInputs.attributeBlind(OpenTelemetrySdk.builder().build()));
    assertTrue(SamplerInputs.attributeBlind(sdk(Sampler.parentBasedBuilder(Sampler.alwaysOn())
        .setRemoteParentNotSampled(Sampler.alwaysOn()).build())));
  }

  @Test
  void anyOtherSamplerGetsTheAttributesOnTheBuilder() {
    Sampler byMethod = new Sampler() {
      @Override
      public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
          Attributes attributes, List<LinkData> parentLinks) {
        return SamplingResult.recordAndSample();
      }

      @Override
      public String getDescription() {
        return "ByMethod";
      }
    };
    assertFalse(SamplerInputs.attributeBlind(sdk(byMethod)));
    assertFalse(SamplerInputs.attributeBlind(sdk(Sampler.parentBased(byMethod))));
    assertFalse(SamplerInputs.attributeBlind(OpenTelemetry.noop()));
    // not the SDK's object (as GlobalOpenTelemetry's wrapper or the agent's): not looked into
    OpenTelemetry wrapped = OpenTelemetry.propagating(io.opentelemetry.context.propagation.ContextPropagators.noop());
    assertFalse(SamplerInputs.attributeBlind(wrapped));
    assertFalse(SamplerInputs.attributeBlind("TraceIdRatioBased{0.1}X"));
  }
}
