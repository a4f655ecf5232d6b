package example.shop.model;

public class OrderException extends Exception {
  public OrderException(String message) {
    super(message);
  }
}
