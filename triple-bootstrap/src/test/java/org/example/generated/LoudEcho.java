package org.example.generated;

import java.util.Locale;

/** An implementation a dubbo.yaml names under ref. */
public class LoudEcho implements Echo {
  @Override
  public String echo(String request) {
    return request.toUpperCase(Locale.ROOT);
  }
}
