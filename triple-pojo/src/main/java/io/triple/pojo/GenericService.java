package io.triple.pojo;

import java.util.concurrent.CompletableFuture;

/**
 * Calls any method of an interface service without its classes, as Apache Dubbo's
 * {@code org.apache.dubbo.rpc.service.GenericService} does: arguments and results travel in their
 * generalized form (a bean is a {@code Map} of its properties with a {@code "class"} key, an enum
 * its name, a {@code LocalDateTime} its ISO string; strings, numbers, dates, lists and maps as
 * they are). Obtained from {@link PojoClient#generic(String)}; works against Dubbo's providers
 * and ours ({@link PojoService}, which answers generic calls for every interface it serves).
 *
 * <pre>{@code
 * GenericService orders = PojoClient.generic("com.example.OrderService").create("tri://127.0.0.1:50051");
 * Map<?, ?> order = (Map<?, ?>) orders.$invoke("find", new String[] {"long"}, new Object[] {42L});
 * order.get("total");
 * }</pre>
 *
 * A business exception the provider's method throws is thrown here as that class with the
 * provider's message when the caller's {@link ClassAllowList} allows the class (a checked one
 * wrapped, as the cause, in a StatusException with status UNKNOWN, since {@code $invoke}
 * declares none); otherwise a StatusException UNKNOWN names it. Providers (Apache Dubbo's and
 * {@link PojoService}) send such an exception as Dubbo's {@code GenericException}, which carries
 * the class's name and the message only: the class is made with its (String) constructor when
 * allowed and it has one, otherwise a StatusException UNKNOWN names the class and gives the
 * message. Call failures are
 * StatusExceptions; from a {@link PojoService}: PERMISSION_DENIED when an argument's
 * {@code "class"} is refused by the provider's allow list, INVALID_ARGUMENT when arguments do not
 * fit the method, UNIMPLEMENTED when no unary method has that name and those parameter types.
 */
public interface GenericService {

  /**
   * Calls {@code method} and waits for its result.
   *
   * @param method the method's name
   * @param parameterTypes the declared parameter types' names ({@code "long"},
   *     {@code "java.lang.String"}, {@code "com.example.Order"}, {@code "int[]"} or
   *     {@code "[I"}); null picks the method by name, when only one has that name
   * @param args the arguments, in generalized form; objects given instead are generalized before
   *     they are sent (their {@code "class"} key must then be allowed on the provider)
   * @return the result in generalized form (maps for beans), or null for void
   */
  Object $invoke(String method, String[] parameterTypes, Object[] args);

  /**
   * {@link #$invoke} without waiting: the future completes with the generalized result or fails
   * with the call's exception. Sent as Dubbo sends it, to {@code /{interface}/$invokeAsync}.
   */
  CompletableFuture<Object> $invokeAsync(String method, String[] parameterTypes, Object[] args);
}
