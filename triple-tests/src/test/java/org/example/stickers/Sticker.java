package org.example.stickers;

import java.io.Serializable;

/**
 * A class no served signature reaches, outside their packages: the STRICT guard refuses it
 * unless dubbo.application.serialize_allow lists it.
 */
public class Sticker implements Serializable {
  private String label;

  public Sticker() {}

  public Sticker(String label) {
    this.label = label;
  }

  public String getLabel() {
    return label;
  }

  public void setLabel(String label) {
    this.label = label;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sticker s && java.util.Objects.equals(label, s.label);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(label);
  }
}
