package io.triple.cli;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.util.JsonFormat;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Descriptors from {@code --protoset} files and from {@code --proto} files compiled by protoc. */
final class FileSource implements DescriptorSource {
  private final SymbolIndex index = new SymbolIndex();

  FileSource(List<File> protosets, List<File> protos, List<File> importPaths) {
    for (File f : protosets) {
      add(read(f), f.toString());
    }
    if (!protos.isEmpty()) {
      add(Protoc.compile(protos, importPaths), "the --proto files");
    }
    index.buildAll();
  }

  private static byte[] read(File f) {
    try {
      return Files.readAllBytes(f.toPath());
    } catch (IOException e) {
      throw new CliException("Cannot read " + f + ": " + e.getMessage(), e);
    }
  }

  private void add(byte[] set, String from) {
    try (InputStream in = new java.io.ByteArrayInputStream(set)) {
      for (FileDescriptorProto p : FileDescriptorSet.parseFrom(in).getFileList()) {
        index.addProto(p);
      }
    } catch (IOException e) {
      throw new CliException(from + " is not a FileDescriptorSet (protoc --descriptor_set_out): " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> services() {
    return new ArrayList<>(index.serviceNames());
  }

  @Override
  public GenericDescriptor find(String symbol) {
    GenericDescriptor d = index.symbol(symbol);
    if (d == null) {
      throw new CliException("Symbol not found: " + symbol + " (not in the descriptor files)");
    }
    return d;
  }

  @Override
  public JsonFormat.TypeRegistry typeRegistry() {
    return index.typeRegistry();
  }
}
