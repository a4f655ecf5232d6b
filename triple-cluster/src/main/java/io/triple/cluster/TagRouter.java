package io.triple.cluster;

import io.triple.Metadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Apache Dubbo's static tag routing (its {@code TagStateRouter} without dynamic rules), so that a
 * gray release's instances get only the traffic meant for them. Providers publish a tag in their
 * URL ({@code dubbo.tag=gray}; a service's {@code tag} in dubbo.yaml); a call carries one in its
 * {@code dubbo.tag} header (what a Dubbo consumer's {@code dubbo.tag} attachment sends), else its
 * channel's (a reference's {@code tag}). A tagged call goes to the providers with that tag, or,
 * when none has it, to the untagged ones, unless forced ({@code dubbo.force.tag: true}, header or
 * channel); an untagged call goes to untagged providers only.
 */
final class TagRouter {
  static final String TAG = "dubbo.tag";
  static final String FORCE = "dubbo.force.tag";

  private TagRouter() {}

  /** The tag one call routes by; {@code tag} empty for none. */
  record Route(String tag, boolean force) {
    static final Route NONE = new Route("", false);

    /** Why a call with this route found no provider, for its status; "" when routing took none away. */
    String why(int providers) {
      if (providers == 0) {
        return "";
      }
      if (tag.isEmpty()) {
        return "; its " + providers + " provider(s) are all tagged, and a call without a dubbo.tag goes to "
            + "untagged providers only (Dubbo's tag routing)";
      }
      return force ? "; none of its " + providers + " provider(s) has the tag '" + tag + "' (dubbo.force.tag)"
          : "; none of its " + providers + " provider(s) has the tag '" + tag + "' and none is untagged";
    }
  }

  /** The route of a call with {@code headers} on a channel whose tag is {@code tag}. */
  static Route of(Metadata headers, String tag, boolean force) {
    String t = headers == null ? null : headers.get(TAG);
    String f = headers == null ? null : headers.get(FORCE);
    String chosen = t == null || t.isBlank() ? tag : t.trim();
    boolean forced = f == null || f.isBlank() ? force : Boolean.parseBoolean(f.trim());
    return chosen.isEmpty() && !forced ? Route.NONE : new Route(chosen, forced);
  }

  /** The providers a call on {@code route} may go to, out of {@code candidates}. */
  static List<Provider> route(List<Provider> candidates, Route route, boolean anyTagged) {
    if (!anyTagged) {
      // Nobody is tagged: every provider is untagged, the fallback of a tag no one has.
      return route.tag().isEmpty() || !route.force() ? candidates : List.of();
    }
    if (!route.tag().isEmpty()) {
      List<Provider> tagged = withTag(candidates, route.tag());
      if (!tagged.isEmpty() || route.force()) {
        return tagged;
      }
    }
    return withTag(candidates, "");
  }

  /** The providers whose tag is {@code tag} ("" for the untagged ones). */
  private static List<Provider> withTag(List<Provider> candidates, String tag) {
    List<Provider> out = new ArrayList<>(candidates.size());
    for (Provider p : candidates) {
      if (tag.equals(tagOf(p))) {
        out.add(p);
      }
    }
    return out;
  }

  static String tagOf(Provider p) {
    String t = p.url().parameter(TAG);
    return t == null ? "" : t.trim();
  }
}
