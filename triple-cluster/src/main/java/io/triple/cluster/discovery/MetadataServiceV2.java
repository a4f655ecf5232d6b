package io.triple.cluster.discovery;

import io.triple.Marshaller;
import io.triple.MethodDescriptor;
import io.triple.MethodType;
import io.triple.registry.discovery.MetadataInfo;
import io.triple.registry.discovery.MetadataInfo.ServiceInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Apache Dubbo 3.3's {@code org.apache.dubbo.metadata.MetadataServiceV2} (its
 * {@code metadata_service_v2.proto}), the service a Dubbo consumer with default settings calls on
 * a provider instance to fetch its {@link MetadataInfo} by revision: served with version
 * {@value #VERSION} and the application name as group, over Triple with protobuf.
 *
 * <pre>
 * message MetadataRequest { string revision = 1; }
 * message MetadataInfoV2 { string app = 1; string version = 2; map&lt;string, ServiceInfoV2&gt; services = 3; }
 * message ServiceInfoV2 { string name = 1; string group = 2; string version = 3; string protocol = 4;
 *                         int32 port = 5; string path = 6; map&lt;string, string&gt; params = 7; }
 * </pre>
 *
 * ({@code MetadataInfoV2.version} carries the revision.) The messages are few and flat, so they are
 * encoded here by hand rather than through protobuf-java, which this module does not depend on.
 */
public final class MetadataServiceV2 {
  public static final String SERVICE = "org.apache.dubbo.metadata.MetadataServiceV2";
  /** The version Dubbo serves it with, and the instance metadata {@code meta-v} announcing it. */
  public static final String VERSION = "2.0.0";

  /** {@code GetMetadataInfo(MetadataRequest) returns (MetadataInfoV2)}: the request is the revision. */
  public static final MethodDescriptor<String, MetadataInfo> GET_METADATA_INFO = MethodDescriptor.of(
      SERVICE, "GetMetadataInfo", MethodType.UNARY, new RequestMarshaller(), new InfoMarshaller());

  private MetadataServiceV2() {}

  private static final class RequestMarshaller implements Marshaller<String> {
    @Override
    public void serialize(String revision, OutputStream out) throws IOException {
      ProtoWriter w = new ProtoWriter();
      w.string(1, revision);
      w.writeTo(out);
    }

    @Override
    public String parse(InputStream in) throws IOException {
      ProtoReader r = new ProtoReader(in.readAllBytes());
      String revision = "";
      while (r.more()) {
        int tag = r.tag();
        if (tag >>> 3 == 1 && (tag & 7) == 2) {
          revision = r.string();
        } else {
          r.skip(tag);
        }
      }
      return revision;
    }
  }

  private static final class InfoMarshaller implements Marshaller<MetadataInfo> {
    @Override
    public void serialize(MetadataInfo info, OutputStream out) throws IOException {
      ProtoWriter w = new ProtoWriter();
      w.string(1, info.app());
      w.string(2, info.revision());
      for (Map.Entry<String, ServiceInfo> e : info.services().entrySet()) {
        ProtoWriter entry = new ProtoWriter();
        entry.string(1, e.getKey());
        entry.message(2, serviceInfo(e.getValue()));
        w.message(3, entry);
      }
      w.writeTo(out);
    }

    private static ProtoWriter serviceInfo(ServiceInfo s) {
      ProtoWriter w = new ProtoWriter();
      w.string(1, s.name());
      w.string(2, s.group());
      w.string(3, s.version());
      w.string(4, s.protocol());
      w.int32(5, s.port());
      w.string(6, s.path());
      for (Map.Entry<String, String> p : s.params().entrySet()) {
        ProtoWriter entry = new ProtoWriter();
        entry.string(1, p.getKey());
        entry.string(2, p.getValue());
        w.message(7, entry);
      }
      return w;
    }

    @Override
    public MetadataInfo parse(InputStream in) throws IOException {
      ProtoReader r = new ProtoReader(in.readAllBytes());
      String app = "";
      String revision = "";
      Map<String, ServiceInfo> services = new LinkedHashMap<>();
      while (r.more()) {
        int tag = r.tag();
        switch (tag) {
          case (1 << 3) | 2 -> app = r.string();
          case (2 << 3) | 2 -> revision = r.string();
          case (3 << 3) | 2 -> {
            ProtoReader entry = new ProtoReader(r.bytes());
            String key = "";
            ServiceInfo value = null;
            while (entry.more()) {
              int t = entry.tag();
              if (t == ((1 << 3) | 2)) {
                key = entry.string();
              } else if (t == ((2 << 3) | 2)) {
                value = serviceInfo(new ProtoReader(entry.bytes()));
              } else {
                entry.skip(t);
              }
            }
            if (value != null) {
              services.put(key, value);
            }
          }
          default -> r.skip(tag);
        }
      }
      return new MetadataInfo(app, revision, services);
    }

    private static ServiceInfo serviceInfo(ProtoReader r) throws IOException {
      String name = "";
      String group = "";
      String version = "";
      String protocol = "";
      int port = 0;
      String path = "";
      Map<String, String> params = new TreeMap<>();
      while (r.more()) {
        int tag = r.tag();
        switch (tag) {
          case (1 << 3) | 2 -> name = r.string();
          case (2 << 3) | 2 -> group = r.string();
          case (3 << 3) | 2 -> version = r.string();
          case (4 << 3) | 2 -> protocol = r.string();
          case (5 << 3) -> port = (int) r.varint();
          case (6 << 3) | 2 -> path = r.string();
          case (7 << 3) | 2 -> {
            ProtoReader entry = new ProtoReader(r.bytes());
            String k = "";
            String v = "";
            while (entry.more()) {
              int t = entry.tag();
              if (t == ((1 << 3) | 2)) {
                k = entry.string();
              } else if (t == ((2 << 3) | 2)) {
                v = entry.string();
              } else {
                entry.skip(t);
              }
            }
            params.put(k, v);
          }
          default -> r.skip(tag);
        }
      }
      return new ServiceInfo(name, group, version, protocol, port, path, params);
    }
  }

  /** Protobuf wire format, the few field kinds above. */
  static final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }

    void string(int field, String s) {
      if (s == null || s.isEmpty()) {
        return; // proto3 default
      }
      bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(int field, byte[] b) {
      varint(((long) field << 3) | 2);
      varint(b.length);
      out.writeBytes(b);
    }

    void int32(int field, int v) {
      if (v != 0) {
        varint((long) field << 3);
        varint(v); // negative int32 sign-extends to 10 bytes, as protobuf does
      }
    }

    void message(int field, ProtoWriter m) {
      bytes(field, m.out.toByteArray());
    }

    void writeTo(OutputStream os) throws IOException {
      out.writeTo(os);
    }
  }

  /** Reads the wire format written above (and what protobuf-java writes for these messages). */
  static final class ProtoReader {
    private final byte[] b;
    private int i;

    ProtoReader(byte[] b) {
      this.b = b;
    }

    boolean more() {
      return i < b.length;
    }

    int tag() throws IOException {
      return (int) varint();
    }

    long varint() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (i >= b.length) {
          throw new IOException("truncated varint");
        }
        int x = b[i++];
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
      throw new IOException("malformed varint");
    }

    byte[] bytes() throws IOException {
      int n = (int) varint();
      if (n < 0 || i + n > b.length) {
        throw new IOException("truncated field");
      }
      byte[] out = java.util.Arrays.copyOfRange(b, i, i + n);
      i += n;
      return out;
    }

    String string() throws IOException {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    void skip(int tag) throws IOException {
      switch (tag & 7) {
        case 0 -> varint();
        case 1 -> i += 8;
        case 2 -> bytes();
        case 5 -> i += 4;
        default -> throw new IOException("unsupported wire type " + (tag & 7));
      }
      if (i > b.length) {
        throw new IOException("truncated field");
      }
    }
  }
}
