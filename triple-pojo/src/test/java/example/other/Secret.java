package example.other;

import java.io.Serializable;

/**
 * Outside every signature and trusted package: a STRICT allow list must refuse it. Loading or
 * creating it leaves a trace in system properties, so a test can tell it never happened.
 */
public class Secret implements Serializable {
  static {
    System.setProperty("example.other.Secret.loaded", "true");
  }

  private String command;

  public Secret() {
    System.setProperty("example.other.Secret.created", "true");
  }

  public String getCommand() {
    return command;
  }

  public void setCommand(String command) {
    this.command = command;
  }
}
