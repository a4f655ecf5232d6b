package io.triple.cli;

import com.google.protobuf.Descriptors.GenericDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.util.JsonFormat;
import java.util.List;

/** Where service and message descriptors come from: server reflection, or descriptor files. */
interface DescriptorSource {
  /** The fully qualified names of the services, sorted. */
  List<String> services();

  /** A service, method ({@code pkg.Svc.Method}), message or enum by its full name. */
  GenericDescriptor find(String symbol);

  /** Every message type seen so far, for {@code google.protobuf.Any} in JSON. */
  JsonFormat.TypeRegistry typeRegistry();

  default ServiceDescriptor service(String name) {
    GenericDescriptor d = find(name);
    if (d instanceof ServiceDescriptor s) {
      return s;
    }
    throw new CliException("'" + name + "' is not a service");
  }

  /** A method written {@code pkg.Svc/Method} (as grpcurl takes it) or {@code pkg.Svc.Method}. */
  default MethodDescriptor method(String name) {
    String n = name.startsWith("/") ? name.substring(1) : name;
    int slash = n.lastIndexOf('/');
    int cut = slash >= 0 ? slash : n.lastIndexOf('.');
    if (cut <= 0 || cut == n.length() - 1) {
      throw new CliException("Invalid method name '" + name + "': expected package.Service/Method");
    }
    ServiceDescriptor s = service(n.substring(0, cut));
    MethodDescriptor m = s.findMethodByName(n.substring(cut + 1));
    if (m == null) {
      throw new CliException("Service '" + s.getFullName() + "' has no method '" + n.substring(cut + 1) + "'");
    }
    return m;
  }
}
