package io.triple.cli;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.util.JsonFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Files turned into descriptors (each after its imports) and their symbols by full name. Not
 * thread-safe: one command uses it from one thread.
 */
final class SymbolIndex {
  /** protobuf-java's own copies of the well-known types, for imports a source did not send. */
  private static final Map<String, FileDescriptor> WELL_KNOWN = new HashMap<>();

  static {
    for (FileDescriptor f : new FileDescriptor[] {
        com.google.protobuf.AnyProto.getDescriptor(), com.google.protobuf.ApiProto.getDescriptor(),
        com.google.protobuf.DescriptorProtos.getDescriptor(), com.google.protobuf.DurationProto.getDescriptor(),
        com.google.protobuf.EmptyProto.getDescriptor(), com.google.protobuf.FieldMaskProto.getDescriptor(),
        com.google.protobuf.SourceContextProto.getDescriptor(), com.google.protobuf.StructProto.getDescriptor(),
        com.google.protobuf.TimestampProto.getDescriptor(), com.google.protobuf.TypeProto.getDescriptor(),
        com.google.protobuf.WrappersProto.getDescriptor()}) {
      WELL_KNOWN.put(f.getName(), f);
    }
  }

  private final Map<String, FileDescriptorProto> protos = new HashMap<>();
  private final Map<String, FileDescriptor> files = new LinkedHashMap<>();
  private final Map<String, GenericDescriptor> symbols = new HashMap<>();

  void addProto(FileDescriptorProto proto) {
    protos.putIfAbsent(proto.getName(), proto);
  }

  boolean hasFile(String name) {
    return files.containsKey(name);
  }

  /**
   * Builds file {@code name} and its imports; {@code fetch} supplies a file not added yet (null
   * if none), then protobuf-java's well-known types are used.
   */
  FileDescriptor build(String name, Function<String, FileDescriptorProto> fetch) {
    FileDescriptor done = files.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = protos.get(name);
    if (proto == null && fetch != null) {
      proto = fetch.apply(name);
      if (proto != null) {
        protos.put(name, proto);
      }
    }
    if (proto == null) {
      FileDescriptor wk = WELL_KNOWN.get(name);
      if (wk == null) {
        throw new CliException("Descriptor of file '" + name + "' not found");
      }
      index(wk);
      return wk;
    }
    FileDescriptor[] deps = new FileDescriptor[proto.getDependencyCount()];
    for (int i = 0; i < deps.length; i++) {
      deps[i] = build(proto.getDependency(i), fetch);
    }
    try {
      FileDescriptor f = FileDescriptor.buildFrom(proto, deps);
      index(f);
      return f;
    } catch (DescriptorValidationException e) {
      throw new CliException("Invalid descriptor of file '" + name + "': " + e.getMessage(), e);
    }
  }

  /** Builds every file added so far. */
  void buildAll() {
    for (String name : new TreeSet<>(protos.keySet())) {
      build(name, null);
    }
  }

  private void index(FileDescriptor f) {
    if (files.putIfAbsent(f.getName(), f) != null) {
      return;
    }
    for (ServiceDescriptor s : f.getServices()) {
      symbols.put(s.getFullName(), s);
      for (MethodDescriptor m : s.getMethods()) {
        symbols.put(m.getFullName(), m);
      }
    }
    for (Descriptor d : f.getMessageTypes()) {
      index(d);
    }
    for (EnumDescriptor e : f.getEnumTypes()) {
      symbols.put(e.getFullName(), e);
    }
  }

  private void index(Descriptor d) {
    symbols.put(d.getFullName(), d);
    for (Descriptor n : d.getNestedTypes()) {
      index(n);
    }
    for (EnumDescriptor e : d.getEnumTypes()) {
      symbols.put(e.getFullName(), e);
    }
  }

  GenericDescriptor symbol(String fullName) {
    return symbols.get(fullName);
  }

  TreeSet<String> serviceNames() {
    TreeSet<String> names = new TreeSet<>();
    for (FileDescriptor f : files.values()) {
      for (ServiceDescriptor s : f.getServices()) {
        names.add(s.getFullName());
      }
    }
    return names;
  }

  JsonFormat.TypeRegistry typeRegistry() {
    JsonFormat.TypeRegistry.Builder b = JsonFormat.TypeRegistry.newBuilder();
    for (FileDescriptor f : files.values()) {
      b.add(f.getMessageTypes());
    }
    return b.build();
  }
}
