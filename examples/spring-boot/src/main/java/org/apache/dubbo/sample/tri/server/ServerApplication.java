package org.apache.dubbo.sample.tri.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The greeter's provider: {@link GreeterImpl} exported on dubbo.protocols.tri (greeter-server.yml). */
@SpringBootApplication
public class ServerApplication {}
