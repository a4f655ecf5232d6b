package example.shop.model;

public enum Status {
  NEW, PAID, SHIPPED
}
