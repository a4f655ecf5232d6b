package io.triple.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import java.util.regex.Pattern;

/**
 * Whether a span's attributes must be on its builder: the RPC conventions name {@code rpc.system},
 * {@code rpc.service} and {@code rpc.method} as attributes a sampler may decide by, so they go to
 * the builder, where the SDK keeps them in a map of its own (about 400 bytes) whether or not the
 * span is sampled. The SDK's built-in samplers (always on, always off, trace-id ratio, and
 * parent-based over those) decide by the trace id and the parent alone: with one of them the
 * attributes can go on the started span instead, only when it records, and an unsampled call (nine
 * in ten at Dubbo's default sampling) skips that map. Any other sampler, or an OpenTelemetry that
 * is not the SDK's own object (the agent's, {@code GlobalOpenTelemetry}'s wrapper), keeps them on
 * the builder.
 */
final class SamplerInputs {
  private static final Pattern LEAF =
      Pattern.compile("AlwaysOnSampler|AlwaysOffSampler|TraceIdRatioBased\\{[-+0-9.eE]+}");
  private static final Pattern PARENT_BASED = Pattern.compile("ParentBased\\{root:X,remoteParentSampled:X,"
      + "remoteParentNotSampled:X,localParentSampled:X,localParentNotSampled:X}");

  private SamplerInputs() {}

  /** True only when {@code openTelemetry}'s sampler is known not to read span attributes. */
  static boolean attributeBlind(OpenTelemetry openTelemetry) {
    String description;
    try {
      description = SdkSampler.description(openTelemetry);
    } catch (LinkageError e) {
      return false; // no SDK on the class path: the API's no-op or someone else's implementation
    }
    return description != null && attributeBlind(description);
  }

  /** Whether a sampler description is made of the built-in attribute-blind samplers only. */
  static boolean attributeBlind(String description) {
    String s = LEAF.matcher(description).replaceAll("X");
    for (String before = null; !s.equals(before); ) {
      before = s;
      s = PARENT_BASED.matcher(s).replaceAll("X");
    }
    return s.equals("X");
  }

  /** The SDK's classes, touched only here: loading this class fails without the SDK. */
  private static final class SdkSampler {
    static String description(OpenTelemetry openTelemetry) {
      return openTelemetry instanceof io.opentelemetry.sdk.OpenTelemetrySdk sdk
          ? sdk.getSdkTracerProvider().getSampler().getDescription()
          : null;
    }
  }
}
