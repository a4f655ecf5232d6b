package io.triple.pojo.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.triple.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Dubbo's Triple wrappers for interface (non-IDL) methods, as protobuf messages on the wire:
 *
 * <pre>
 * TripleRequestWrapper  { string serializeType = 1; repeated bytes args = 2; repeated string argTypes = 3; }
 * TripleResponseWrapper { string serializeType = 1; bytes data = 2; string type = 3; }
 * </pre>
 *
 * Each argument (and the result) is serialized on its own by the named serialization; argTypes
 * are the declared parameter types' {@link Class#getName()}, which is how a provider tells
 * overloads apart. hessian2 travels as {@code hessian4} (Dubbo's wrapper name for it).
 * Written with protobuf's coded streams rather than generated classes: two messages of three
 * fields do not need a .proto, and parsing tolerates unknown fields as protobuf does.
 */
public final class Wrappers {
  /** The serialization name hessian2 has inside the wrappers. */
  public static final String HESSIAN_WIRE_NAME = "hessian4";

  private Wrappers() {}

  /** hessian2 -> hessian4; others unchanged. */
  public static String toWireName(String serialization) {
    return "hessian2".equals(serialization) ? HESSIAN_WIRE_NAME : serialization;
  }

  /** hessian4 -> hessian2; others unchanged. */
  public static String fromWireName(String wireName) {
    return HESSIAN_WIRE_NAME.equals(wireName) ? "hessian2" : wireName;
  }

  /** A request: the serialization's wire name, each argument's bytes, the declared types. */
  public record Request(String serializeType, List<byte[]> args, List<String> argTypes) {}

  /** A response: the serialization's wire name, the value's bytes, the declared result type. */
  public record Response(String serializeType, byte[] data, String type) {}

  public static final Marshaller<Request> REQUEST = new Marshaller<>() {
    @Override
    public void serialize(Request r, OutputStream out) throws IOException {
      CodedOutputStream c = CodedOutputStream.newInstance(out, 512);
      if (!r.serializeType().isEmpty()) {
        c.writeString(1, r.serializeType());
      }
      for (byte[] arg : r.args()) {
        c.writeByteArray(2, arg);
      }
      for (String t : r.argTypes()) {
        c.writeString(3, t);
      }
      c.flush();
    }

    @Override
    public int serializedSize(Request r) {
      int n = r.serializeType().isEmpty() ? 0 : CodedOutputStream.computeStringSize(1, r.serializeType());
      for (byte[] arg : r.args()) {
        n += CodedOutputStream.computeByteArraySize(2, arg);
      }
      for (String t : r.argTypes()) {
        n += CodedOutputStream.computeStringSize(3, t);
      }
      return n;
    }

    @Override
    public Request parse(InputStream in) throws IOException {
      return parseRequest(CodedInputStream.newInstance(in));
    }

    @Override
    public Request parse(ByteBuffer buffer) throws IOException {
      return parseRequest(CodedInputStream.newInstance(buffer));
    }
  };

  public static final Marshaller<Response> RESPONSE = new Marshaller<>() {
    @Override
    public void serialize(Response r, OutputStream out) throws IOException {
      CodedOutputStream c = CodedOutputStream.newInstance(out, 512);
      if (!r.serializeType().isEmpty()) {
        c.writeString(1, r.serializeType());
      }
      if (r.data().length > 0) {
        c.writeByteArray(2, r.data());
      }
      if (!r.type().isEmpty()) {
        c.writeString(3, r.type());
      }
      c.flush();
    }

    @Override
    public int serializedSize(Response r) {
      int n = r.serializeType().isEmpty() ? 0 : CodedOutputStream.computeStringSize(1, r.serializeType());
      if (r.data().length > 0) {
        n += CodedOutputStream.computeByteArraySize(2, r.data());
      }
      if (!r.type().isEmpty()) {
        n += CodedOutputStream.computeStringSize(3, r.type());
      }
      return n;
    }

    @Override
    public Response parse(InputStream in) throws IOException {
      return parseResponse(CodedInputStream.newInstance(in));
    }

    @Override
    public Response parse(ByteBuffer buffer) throws IOException {
      return parseResponse(CodedInputStream.newInstance(buffer));
    }
  };

  private static Request parseRequest(CodedInputStream in) throws IOException {
    String serializeType = "";
    List<byte[]> args = new ArrayList<>();
    List<String> argTypes = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> serializeType = in.readStringRequireUtf8();
        case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> args.add(in.readByteArray());
        case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> argTypes.add(in.readStringRequireUtf8());
        default -> {
          if (!in.skipField(tag)) {
            return new Request(serializeType, args, argTypes);
          }
        }
      }
    }
    return new Request(serializeType, args, argTypes);
  }

  private static Response parseResponse(CodedInputStream in) throws IOException {
    String serializeType = "";
    byte[] data = new byte[0];
    String type = "";
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case (1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> serializeType = in.readStringRequireUtf8();
        case (2 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> data = in.readByteArray();
        case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> type = in.readStringRequireUtf8();
        default -> {
          if (!in.skipField(tag)) {
            return new Response(serializeType, data, type);
          }
        }
      }
    }
    return new Response(serializeType, data, type);
  }
}
