package example.shop.model;

import java.io.Serializable;
import java.util.List;

public class Page<T> implements Serializable {
  private int number;
  private List<T> content;

  public int getNumber() {
    return number;
  }

  public void setNumber(int number) {
    this.number = number;
  }

  public List<T> getContent() {
    return content;
  }

  public void setContent(List<T> content) {
    this.content = content;
  }
}
