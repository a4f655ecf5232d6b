package example.shop.model;

public class Node {
  public Node next;
}
