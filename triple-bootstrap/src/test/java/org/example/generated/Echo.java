package org.example.generated;

/**
 * Shaped as triple-protoc-plugin generates a service interface, for a proto service whose name
 * ({@code demo.echo.Echo}) is not this Java name, as with a java_package option.
 */
public interface Echo {
  String SERVICE_NAME = "demo.echo.Echo";

  default String echo(String request) {
    return request;
  }
}
